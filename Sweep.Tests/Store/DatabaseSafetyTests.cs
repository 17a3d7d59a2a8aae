using LiteDB;
using Sweep.Store;
using Sweep.Tests.Support;
using Sweep.Training.Running;

namespace Sweep.Tests.Store;

/// <summary>Files that are not ours, not whole, or not this version's: refused with the reason, and never changed.</summary>
public sealed class DatabaseSafetyTests : IDisposable
{
    private readonly TempDatabase _database = new();

    private string DbPath => _database.Path;

    public void Dispose() => _database.Dispose();

    private static TrialRecord Trial(string id, TrialState state = TrialState.Pending) => SweepStoreTests.Trial(id, state);

    /// <summary>A database with two sweeps, finished and unfinished trials, traces and a checkpoint.</summary>
    internal static void Populate(string path, int trials = 40)
    {
        using var store = SweepStore.Open(path);
        var ids = Enumerable.Range(0, trials).Select(i => $"trial-{i:D3}").ToList();
        store.SaveSweep(new SweepRecord { Name = "first", Definition = "name: first", TrialIds = ids[..(trials / 2)] }, ids[..(trials / 2)].Select(id => Trial(id)));
        store.SaveSweep(new SweepRecord { Name = "second", Definition = "name: second", TrialIds = ids[(trials / 2)..] }, ids[(trials / 2)..].Select(id => Trial(id)));
        store.Save(ids.Where((_, i) => i % 2 == 0).Select(id => Trial(id, TrialState.Completed) with { Modes = 7, MaxModes = 8, HighQuality = 0.5 }).ToList(),
            ids.Where((_, i) => i % 2 == 0).ToDictionary(id => id, id => Enumerable.Repeat((byte)id.Length, 3000).ToArray()));
        store.SaveCheckpoint(new TrialCheckpoint(ids[1], 500, Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray()));
    }

    private static string Hash(string path) => FileHash.Of(path);

    [Fact]
    public void A_reader_changes_no_byte_and_creates_no_file()
    {
        Populate(DbPath);
        var before = Hash(DbPath);
        var files = Directory.GetFiles(_database.Folder).Order().ToList();

        using (var store = SweepStore.OpenReadOnly(DbPath))
        {
            Assert.True(store.ReadOnly);
            Assert.Equal(["first", "second"], store.Sweeps().Select(s => s.Name));
            Assert.Equal(TrialState.Completed, store.FindTrial("trial-000")!.State);
            Assert.Throws<InvalidOperationException>(() => store.Save([Trial("trial-000")]));
        }

        Assert.Equal(before, Hash(DbPath));
        Assert.Equal(files, Directory.GetFiles(_database.Folder).Order().ToList());
    }

    [Fact]
    public void Readers_share_a_database_and_a_writer_waits_for_them()
    {
        Populate(DbPath);
        using (var first = SweepStore.OpenReadOnly(DbPath))
        using (var second = SweepStore.OpenReadOnly(DbPath))
        {
            Assert.Equal(first.Sweeps().Count, second.Sweeps().Count);
            Assert.Contains("in use", Assert.Throws<StoreException>(() => SweepStore.Open(DbPath)).Message);
        }

        using (SweepStore.Open(DbPath))
            Assert.Contains("in use", Assert.Throws<StoreException>(() => SweepStore.OpenReadOnly(DbPath)).Message);
    }

    [Fact]
    public void The_lock_follows_the_file_not_its_name()
    {
        Populate(DbPath);
        var link = Path.Combine(_database.Folder, "other-name.db");
        File.CreateSymbolicLink(Path.Combine(_database.Folder, "symlink.db"), DbPath);
        using (var ln = System.Diagnostics.Process.Start("ln", [DbPath, link]))
        {
            ln.WaitForExit();
            Assert.Equal(0, ln.ExitCode);
        }

        using (SweepStore.Open(DbPath))
        {
            Assert.Contains("in use", Assert.Throws<StoreException>(() => SweepStore.Open(link)).Message);
            Assert.Contains("in use", Assert.Throws<StoreException>(() => SweepStore.Open(Path.Combine(_database.Folder, "symlink.db"))).Message);
        }
    }

    [Fact]
    public void Another_applications_LiteDB_file_is_neither_read_nor_written()
    {
        using (var other = new LiteDatabase(DbPath))
            other.GetCollection("customers").Insert(new BsonDocument { ["name"] = "Ada" });
        var before = Hash(DbPath);

        var writer = Assert.Throws<StoreException>(() => SweepStore.Open(DbPath));
        var reader = Assert.Throws<StoreException>(() => SweepStore.OpenReadOnly(DbPath));

        Assert.Contains("another application", writer.Message);
        Assert.Contains("customers", reader.Message);
        Assert.Equal(before, Hash(DbPath));
        Assert.Equal(["sweep.db"], Directory.GetFiles(_database.Folder).Select(Path.GetFileName));
    }

    [Fact]
    public void A_database_from_a_newer_Sweep_is_refused()
    {
        Populate(DbPath);
        using (var raw = new LiteDatabase(DbPath))
            raw.GetCollection("sweep_schema").Upsert(new BsonDocument { ["_id"] = "sweep", ["version"] = 99 });
        var before = Hash(DbPath);

        var error = Assert.Throws<StoreException>(() => SweepStore.Open(DbPath));

        Assert.Contains("newer Sweep (database schema 99", error.Message);
        Assert.Equal(before, Hash(DbPath));
    }

    [Fact]
    public void A_database_from_before_the_marker_is_read_as_is_and_stamped_by_its_first_writer()
    {
        Populate(DbPath);
        using (var raw = new LiteDatabase(DbPath))
            raw.DropCollection("sweep_schema");
        var before = Hash(DbPath);

        using (var reader = SweepStore.OpenReadOnly(DbPath))
            Assert.Equal(2, reader.Sweeps().Count);
        Assert.Equal(before, Hash(DbPath));

        using (SweepStore.Open(DbPath)) { }
        using var stamped = new LiteDatabase(DbPath);
        Assert.Equal(2, stamped.GetCollection("sweep_schema").FindById("sweep")["version"].AsInt32);
    }

    [Fact]
    public void A_truncated_database_is_refused_unchanged_and_salvage_copies_what_is_readable()
    {
        Populate(DbPath, trials: 400);
        var cut = Path.Combine(_database.Folder, "cut.db");
        var bytes = File.ReadAllBytes(DbPath);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2 + 100)]);
        var before = Hash(cut);

        var writer = Assert.Throws<StoreException>(() => SweepStore.Open(cut));
        Assert.Throws<StoreException>(() => SweepStore.OpenReadOnly(cut));
        Assert.Contains("truncated", writer.Message);
        Assert.Contains("sweep db salvage", writer.Message);

        var readout = DatabaseSalvage.Read(cut);
        var salvaged = Path.Combine(_database.Folder, "salvaged.db");
        DatabaseSalvage.Write(readout, salvaged);

        Assert.Equal(before, Hash(cut));
        using var store = SweepStore.OpenReadOnly(salvaged);
        Assert.Equal(readout.Trials.Count, store.TrialStates(readout.Trials.Select(t => t.Id)).Count);
        Assert.Equal(["first", "second"], store.Sweeps().Select(s => s.Name));
        Assert.True(readout.Traces.Count < 200, $"all 200 traces read from half a file");   // where the cut falls varies with LiteDB's page order
        Assert.Equal(readout.Traces.Count, readout.Trials.Count(t => store.FindTrace(t.Id) is not null));   // some, but not all, of the 200 traces survived the cut
        Assert.Contains(readout.Problems, p => p.StartsWith("the trace of trial", StringComparison.Ordinal));
    }

    [Fact]
    public void One_trial_in_an_unknown_state_is_named_and_salvage_keeps_the_others()
    {
        Populate(DbPath);
        using (var raw = new LiteDatabase(DbPath))
        {
            var trials = raw.GetCollection("trials");
            var odd = trials.FindById("trial-007");
            odd["State"] = "Paused";
            trials.Update(odd);
        }

        var before = Hash(DbPath);
        var error = Assert.Throws<StoreException>(() => SweepStore.Open(DbPath));
        Assert.Contains("trial trial-007 has the state \"Paused\"", error.Message);
        Assert.Equal(before, Hash(DbPath));

        var readout = DatabaseSalvage.Read(DbPath);
        Assert.Equal(39, readout.Trials.Count);
        Assert.DoesNotContain(readout.Trials, t => t.Id == "trial-007");
        Assert.Contains(readout.Problems, p => p.StartsWith("trial trial-007", StringComparison.Ordinal));
        Assert.Equal(20, readout.Traces.Count);
        Assert.Single(readout.Checkpoints);
    }

    /// <summary>
    /// Damage only a write reaches: every collection's free-page lists point past the file's end, so
    /// the writer's reading pass passes and the first insert meets it. LiteDB 5.0.20 answers such
    /// damage by writing an "invalid state" byte into the data file; Sweep's refusal must leave the
    /// file as it was (a CI run found this through the fuzz test).
    /// </summary>
    [Fact]
    public void Damage_found_by_a_write_is_refused_and_the_file_is_unchanged()
    {
        Populate(DbPath);
        var bytes = File.ReadAllBytes(DbPath);
        var lastPage = BitConverter.ToUInt32(bytes, 64);   // the header's last page id
        const int pageSize = 8192, collectionPage = 2, freeListsAt = 32, freeLists = 5;
        var pointed = 0;
        for (var page = 0; page < bytes.Length / pageSize; page++)
        {
            if (bytes[page * pageSize + 4] != collectionPage) continue;
            for (var slot = 0; slot < freeLists; slot++)
                BitConverter.TryWriteBytes(bytes.AsSpan(page * pageSize + freeListsAt + 4 * slot), lastPage + 100);
            pointed++;
        }

        Assert.True(pointed >= 3, $"{pointed} collection pages found");
        File.WriteAllBytes(DbPath, bytes);
        var before = Hash(DbPath);

        var error = Assert.Throws<StoreException>(() =>
        {
            using var writer = SweepStore.Open(DbPath);
            writer.SaveSweep(new SweepRecord { Name = "after", TrialIds = ["new-trial"] }, [Trial("new-trial")]);
        });

        Assert.Contains("is damaged", error.Message);
        Assert.Equal(before, Hash(DbPath));
    }

    [Fact]
    public void Salvage_never_replaces_an_existing_file()
    {
        Populate(DbPath);
        var existing = Path.Combine(_database.Folder, "existing.db");
        File.WriteAllText(existing, "mine");

        var error = Assert.Throws<StoreException>(() => DatabaseSalvage.Write(DatabaseSalvage.Read(DbPath), existing));

        Assert.Contains("already exists", error.Message);
        Assert.Equal("mine", File.ReadAllText(existing));
    }

    [Fact]
    public void A_folder_given_as_the_database_is_named()
    {
        var folder = Path.Combine(_database.Folder, "results");
        Directory.CreateDirectory(folder);

        Assert.Contains("is a folder", Assert.Throws<StoreException>(() => SweepStore.Open(folder)).Message);
        Assert.Contains("is a folder", Assert.Throws<StoreException>(() => SweepStore.OpenReadOnly(folder)).Message);
    }
}
