using LiteDB;
using Sweep.Store;
using Sweep.Training.Running;

namespace Sweep.Tests.Store;

/// <summary>
/// Checkpoint bytes in files beside the database, named by their SHA-256: what a crash, bit rot or
/// an older version's database leaves behind is never resumed from, and nothing a trial still needs
/// is deleted.
/// </summary>
public sealed class CheckpointFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-checkpoints-").FullName;

    private string DbPath => Path.Combine(_folder, "sweep.db");

    private string Files => DbPath + ".checkpoints";

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] Bytes(int length, int salt) => Enumerable.Range(0, length).Select(i => (byte)(i * 31 + salt)).ToArray();

    private string[] FileNames() => Directory.GetFiles(Files).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public void A_checkpoint_is_a_file_named_by_its_sha256_beside_the_database_and_the_database_holds_only_the_reference()
    {
        var state = Bytes(300_000, 1);
        using var store = SweepStore.Open(DbPath);
        store.SaveCheckpoint(new TrialCheckpoint("t1", 100, state));

        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(state));   // by hand, not through the code under test
        Assert.Equal([$"{sha256}.ckpt"], FileNames());
        Assert.Equal(state, File.ReadAllBytes(Path.Combine(Files, $"{sha256}.ckpt")));
        Assert.Equal([new StoredCheckpoint(100, sha256, state.Length)], store.CheckpointsOf("t1"));
        Assert.True(new FileInfo(DbPath).Length < state.Length, "the bytes are not in the database file too");
    }

    [Fact]
    public void The_two_latest_checkpoints_are_kept_the_older_ones_deleted_and_a_finished_trial_keeps_none()
    {
        using var store = SweepStore.Open(DbPath);
        for (var iteration = 1; iteration <= 3; iteration++)
            store.SaveCheckpoint(new TrialCheckpoint("t1", iteration * 100, Bytes(1000, iteration)));
        store.SaveCheckpoint(new TrialCheckpoint("t2", 50, Bytes(1000, 3)));   // the same bytes as t1's latest: one file

        Assert.Equal([300, 200], store.CheckpointsOf("t1").Select(c => c.Iteration));
        Assert.Equal(2, FileNames().Length);

        store.Save([SweepStoreTests.Trial("t1", TrialState.Completed)]);
        Assert.Empty(store.CheckpointsOf("t1"));
        Assert.Single(FileNames());   // t2 still refers to the shared one
        Assert.Equal(50, store.LatestCheckpoint("t2")!.Iteration);
    }

    [Theory]
    [InlineData("flipped")]
    [InlineData("truncated")]
    [InlineData("deleted")]
    public void A_damaged_latest_checkpoint_is_passed_over_for_the_one_before(string damage)
    {
        using var store = SweepStore.Open(DbPath);
        store.SaveCheckpoint(new TrialCheckpoint("t1", 100, Bytes(5000, 1)));
        store.SaveCheckpoint(new TrialCheckpoint("t1", 200, Bytes(5000, 2)));
        var latest = store.CheckpointFiles.PathOf(store.CheckpointsOf("t1")[0].Sha256);

        switch (damage)
        {
            case "flipped":
                var bytes = File.ReadAllBytes(latest);
                bytes[4321] ^= 0x10;
                File.WriteAllBytes(latest, bytes);
                break;
            case "truncated":
                using (var file = File.OpenWrite(latest)) file.SetLength(4000);
                break;
            default:
                File.Delete(latest);
                break;
        }

        var resumed = store.LatestCheckpoint("t1")!;
        Assert.Equal(100, resumed.Iteration);
        Assert.Equal(Bytes(5000, 1), resumed.State);
        Assert.False(store.CheckpointFiles.IsIntact(store.CheckpointsOf("t1")[0]));
    }

    [Fact]
    public void What_a_crash_leaves_half_written_or_unreferenced_is_deleted_when_a_writer_opens_and_referenced_files_stay()
    {
        string kept;
        using (var store = SweepStore.Open(DbPath))
        {
            store.SaveCheckpoint(new TrialCheckpoint("t1", 100, Bytes(1000, 1)));
            kept = $"{store.CheckpointsOf("t1")[0].Sha256}.ckpt";
        }

        File.WriteAllBytes(Path.Combine(Files, "0123abcd.part"), Bytes(10, 9));                       // a pull cut short
        File.WriteAllBytes(Path.Combine(Files, new string('e', 64) + ".ckpt"), Bytes(10, 9));        // sealed, never recorded
        using (SweepStore.OpenReadOnly(DbPath)) { }
        Assert.Equal(3, FileNames().Length);   // a reader deletes nothing

        using (var store = SweepStore.Open(DbPath))
        {
            Assert.Equal([kept], FileNames());
            Assert.Equal(Bytes(1000, 1), store.LatestCheckpoint("t1")!.State);
        }
    }

    [Fact]
    public void A_transfer_whose_bytes_differ_from_what_was_announced_leaves_no_file()
    {
        var files = new CheckpointFiles(Files);
        var incoming = files.Begin();
        incoming.Append(Bytes(100, 1));

        Assert.Throws<InvalidDataException>(() => incoming.Seal(10, expectedSha256: new string('0', 64), expectedLength: 100));
        incoming.Dispose();

        Assert.Empty(FileNames());
    }

    [Fact]
    public void Checkpoints_an_older_version_kept_inside_the_database_become_files_when_a_writer_opens_it()
    {
        using (var store = SweepStore.Open(DbPath))
            store.Save([SweepStoreTests.Trial("t1", TrialState.Running)]);
        // As Sweep before schema 2 stored a checkpoint: in LiteDB's FileStorage, its iteration in the metadata.
        var legacy = Bytes(300_000, 5);
        using (var raw = new LiteDatabase(DbPath))
        {
            var file = raw.FileStorage.Upload("checkpoints/t1", "t1.ckpt", new MemoryStream(legacy));
            raw.FileStorage.SetMetadata(file.Id, new BsonDocument { ["iteration"] = 750 });
        }

        using (var reader = SweepStore.OpenReadOnly(DbPath))
            Assert.Equal(750, reader.LatestCheckpoint("t1")!.Iteration);   // a reader sees it where it is

        using (var store = SweepStore.Open(DbPath))
        {
            var moved = store.LatestCheckpoint("t1")!;
            Assert.Equal(750, moved.Iteration);
            Assert.Equal(legacy, moved.State);
            Assert.Equal(750, store.CheckpointIterations()["t1"]);
        }

        using var after = new LiteDatabase(DbPath);
        Assert.False(after.FileStorage.Exists("checkpoints/t1"));
    }

    [Fact]
    public void Salvage_carries_a_running_trials_checkpoint_into_the_new_databases_folder_and_a_check_names_a_damaged_file()
    {
        var state = Bytes(20_000, 7);
        using (var store = SweepStore.Open(DbPath))
        {
            store.Save([SweepStoreTests.Trial("t1", TrialState.Running), SweepStoreTests.Trial("t2", TrialState.Running)]);
            store.SaveCheckpoint(new TrialCheckpoint("t1", 300, state));
            store.SaveCheckpoint(new TrialCheckpoint("t2", 40, Bytes(100, 1)));
            store.SaveCheckpoint(new TrialCheckpoint("t2", 80, Bytes(100, 2)));
            File.Delete(store.CheckpointFiles.PathOf(store.CheckpointsOf("t2")[0].Sha256));
        }

        var readout = DatabaseSalvage.Read(DbPath);
        Assert.Equal([$"the checkpoint of trial t2 at iteration 80: its file {TrialCheckpoint.Sha256Of(Bytes(100, 2))}.ckpt is missing or fails its SHA-256"], readout.Problems);

        var salvaged = Path.Combine(_folder, "salvaged.db");
        DatabaseSalvage.Write(readout, salvaged);
        using var copy = SweepStore.OpenReadOnly(salvaged);
        Assert.Equal(state, copy.LatestCheckpoint("t1")!.State);
        Assert.Equal(40, copy.LatestCheckpoint("t2")!.Iteration);   // the intact one before the damaged
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_folder), e => e.Contains("salvaging", StringComparison.Ordinal));
    }
}
