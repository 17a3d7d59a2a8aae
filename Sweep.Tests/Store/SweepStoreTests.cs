using Sweep.Store;
using Sweep.Training.Running;

namespace Sweep.Tests.Store;

/// <summary>The store on real LiteDB files in a temp folder.</summary>
public sealed class SweepStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-store-").FullName;

    private string DbPath => Path.Combine(_folder, "sweep.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static TrialRecord Trial(string id, TrialState state = TrialState.Pending) =>
        new() { Id = id, Spec = $"{{\"id\":\"{id}\"}}", State = state };

    [Fact]
    public void Sweeps_and_trials_survive_closing_and_reopening()
    {
        var created = new DateTime(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);
        using (var store = SweepStore.Open(DbPath))
        {
            store.SaveSweep(new SweepRecord { Name = "quick", Fingerprint = "f1", Definition = "name: quick", TrialIds = ["a", "b"], CreatedUtc = created },
                [Trial("a"), Trial("b")]);
            store.Save([Trial("a", TrialState.Completed) with { Attempt = 2, Modes = 7, MaxModes = 8, HighQuality = 0.53, Seconds = 12.5 }]);
        }

        using var reopened = SweepStore.Open(DbPath);
        var sweep = Assert.Single(reopened.Sweeps());
        Assert.Equal(("quick", "f1", "name: quick", created), (sweep.Name, sweep.Fingerprint, sweep.Definition, sweep.CreatedUtc));
        Assert.Equal(["a", "b"], sweep.TrialIds);
        var trials = reopened.Trials(["b", "a", "missing"]);
        Assert.Equal(["b", "a"], trials.Select(t => t.Id));
        Assert.Equal((TrialState.Completed, 2, 7, 8, 0.53), (trials[1].State, trials[1].Attempt, trials[1].Modes, trials[1].MaxModes, trials[1].HighQuality));
        Assert.Equal(TrialState.Pending, trials[0].State);
    }

    [Fact]
    public void Reading_more_trials_than_are_looked_up_one_by_one_gives_the_same_records_in_the_asked_order()
    {
        using var store = SweepStore.Open(DbPath);
        var count = SweepStore.MostLookedUp + 200;
        var ids = Enumerable.Range(0, count).Select(i => $"t{i:D5}").ToList();
        store.SaveSweep(new SweepRecord { Name = "big", Fingerprint = "f", Definition = "name: big", TrialIds = ids, CreatedUtc = DateTime.UtcNow },
            ids.Select(id => Trial(id)).Append(Trial("other sweep's")));
        store.Save([Trial("t00007", TrialState.Completed) with { Modes = 5, MaxModes = 8 }]);

        var asked = ids.AsEnumerable().Reverse().Append("missing").ToList();
        var read = store.Trials(asked);

        Assert.Equal(ids.AsEnumerable().Reverse(), read.Select(t => t.Id));
        Assert.Equal((TrialState.Completed, 5), (read.Single(t => t.Id == "t00007").State, read.Single(t => t.Id == "t00007").Modes));
        Assert.Equal(Trial("t00003").Spec, read.Single(t => t.Id == "t00003").Spec);
    }

    [Fact]
    public void Saving_a_sweep_again_never_overwrites_a_stored_trial()
    {
        using var store = SweepStore.Open(DbPath);
        store.SaveSweep(new SweepRecord { Name = "s", TrialIds = ["a"] }, [Trial("a")]);
        store.Save([Trial("a", TrialState.Completed) with { Modes = 8 }]);

        store.SaveSweep(new SweepRecord { Name = "s", TrialIds = ["a", "c"] }, [Trial("a"), Trial("c")]);

        Assert.Equal((TrialState.Completed, 8), (store.FindTrial("a")!.State, store.FindTrial("a")!.Modes));
        Assert.Equal(TrialState.Pending, store.FindTrial("c")!.State);
        Assert.Equal(["a", "c"], store.FindSweep("s")!.TrialIds);
    }

    [Fact]
    public void A_second_opener_is_refused_while_the_first_holds_the_database()
    {
        using (SweepStore.Open(DbPath))
        {
            var error = Assert.Throws<StoreException>(() => SweepStore.Open(DbPath));
            Assert.Contains("in use by another Sweep process", error.Message);
            Assert.Empty(Directory.GetFiles(_folder, "*.lock"));
        }

        using var again = SweepStore.Open(DbPath);
        Assert.Empty(again.Sweeps());
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_refused_and_left_untouched()
    {
        var text = "this is somebody's notes, not a database\n" + new string('x', 10_000);
        File.WriteAllText(DbPath, text);

        var error = Assert.Throws<StoreException>(() => SweepStore.Open(DbPath));

        Assert.Contains("not a Sweep database", error.Message);
        Assert.Equal(text, File.ReadAllText(DbPath));
        Assert.Equal(["sweep.db"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        var error = Assert.Throws<StoreException>(() => SweepStore.Open(Path.Combine(_folder, "nope", "sweep.db")));

        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void The_latest_checkpoint_replaces_the_previous_one_and_can_be_dropped()
    {
        using var store = SweepStore.Open(DbPath);
        var first = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();   // larger than one LiteDB chunk
        var second = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();

        Assert.Null(store.LatestCheckpoint("t1"));
        store.SaveCheckpoint(new TrialCheckpoint("t1", 100, first));
        var stored = store.LatestCheckpoint("t1")!;
        Assert.Equal(100, stored.Iteration);
        Assert.Equal(first, stored.State);
        store.SaveCheckpoint(new TrialCheckpoint("t1", 200, second));
        var latest = store.LatestCheckpoint("t1")!;
        Assert.Equal(200, latest.Iteration);
        Assert.Equal(second, latest.State);

        store.Save([Trial("t1", TrialState.Running)]);
        Assert.NotNull(store.LatestCheckpoint("t1"));
        store.Save([Trial("t1", TrialState.Completed)]);
        Assert.Null(store.LatestCheckpoint("t1"));
    }
}

/// <summary>A real writer process killed with SIGKILL right after its writes return.</summary>
public sealed class SweepStoreCrashTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-crash-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Trait("Tier", "Full")]
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(40)]
    public async Task Every_write_that_returned_survives_a_sigkill(int killAfter)
    {
        var db = Path.Combine(_folder, $"crash-{killAfter}.db");
        using var writer = Support.ChildProcesses.Start("store-writer", db);

        var lastSaved = 0;
        while (lastSaved < killAfter)
        {
            var line = await writer.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1))
                       ?? throw new InvalidOperationException("writer exited: " + await writer.StandardError.ReadToEndAsync());
            lastSaved = int.Parse(line["saved ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        }

        writer.Kill();   // SIGKILL on Unix
        await writer.WaitForExitAsync();

        using var store = SweepStore.Open(db);
        var survivors = store.Trials(Enumerable.Range(1, lastSaved).Select(i => $"t{i}"));
        Assert.Equal(lastSaved, survivors.Count);
        Assert.All(survivors, t => Assert.Equal(TrialState.Completed, t.State));
    }
}
