using Sweep.Training.Running;

namespace Sweep.Store;

/// <summary>What <see cref="DatabaseSalvage"/> could read, and what it could not.</summary>
public sealed record SalvageReadout(
    IReadOnlyList<SweepRecord> Sweeps,
    IReadOnlyList<TrialRecord> Trials,
    IReadOnlyDictionary<string, byte[]> Traces,
    IReadOnlyList<TrialCheckpoint> Checkpoints,
    IReadOnlyList<string> Problems);

/// <summary>
/// <c>sweep db check</c> and <c>sweep db salvage</c>: read a database one record at a time, so a
/// damaged record costs that record only, and copy what was read into a new database. The source is
/// opened read-only, so neither can make it worse.
/// </summary>
/// <remarks>
/// LiteDB 5 has no page checksums: a flipped byte inside a value can read back as a different value
/// without any error. A check finds what LiteDB cannot decode, not every change.
/// </remarks>
public static class DatabaseSalvage
{
    /// <summary>Reads every readable sweep, trial, trace and checkpoint of the database at <paramref name="path"/>, read-only.</summary>
    public static SalvageReadout Read(string path)
    {
        using var source = new Source(path);
        var problems = new List<string>();
        var sweeps = ReadEach(source, s => s.SweepsOneByOne(), "sweeps", problems);

        // A trial is found through its sweeps and through the trials collection, so either may be damaged.
        var ids = sweeps.SelectMany(s => s.TrialIds).ToList();
        ids.AddRange(ReadEach(source, s => s.TrialIdsOneByOne(), "trials", problems));
        var trials = new List<TrialRecord>();
        foreach (var id in ids.Distinct())
            if (source.Attempt(s => s.FindTrial(id), $"trial {id}", problems) is { } trial)
                trials.Add(trial);

        var traces = new Dictionary<string, byte[]>();
        var checkpoints = new List<TrialCheckpoint>();
        foreach (var trial in trials)
        {
            if (source.Attempt(s => s.FindTrace(trial.Id), $"the trace of trial {trial.Id}", problems) is { } trace)
                traces[trial.Id] = trace;
            if (trial.State.IsFinal()) continue;
            var stored = source.Attempt(s => s.CheckpointsOf(trial.Id), $"the checkpoints of trial {trial.Id}", problems) ?? [];
            var checkpoint = source.Attempt(s => s.LatestCheckpoint(trial.Id), $"the checkpoint of trial {trial.Id}", problems);
            if (checkpoint is not null) checkpoints.Add(checkpoint);
            // Newer than the one read: their files are missing, cut short or changed.
            foreach (var damaged in stored.TakeWhile(c => c.Iteration != checkpoint?.Iteration))
                problems.Add($"the checkpoint of trial {trial.Id} at iteration {damaged.Iteration}: its file {damaged.Sha256}.ckpt is missing or fails its SHA-256");
        }

        return new SalvageReadout(sweeps, trials, traces, checkpoints, problems);
    }

    /// <summary>
    /// Writes <paramref name="readout"/> into a new database at <paramref name="target"/>, which must not
    /// exist; the file appears there only once it is complete.
    /// </summary>
    public static void Write(SalvageReadout readout, string target)
    {
        var full = Path.GetFullPath(target);
        if (File.Exists(full) || Directory.Exists(full))
            throw new StoreException($"--to: {target} already exists; salvage writes a new database and never replaces a file. Choose another path.");
        if (Directory.Exists(CheckpointFiles.FolderFor(full)))
            throw new StoreException($"--to: {CheckpointFiles.FolderFor(full)} already exists (another database's checkpoints); salvage never mixes them. Choose another path.");
        var folder = Path.GetDirectoryName(full)!;
        var building = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.salvaging");
        try
        {
            using (var store = SweepStore.Open(building))
            {
                foreach (var chunk in readout.Trials.Chunk(SweepStore.TrialsPerTransaction))
                    store.Save(chunk, chunk.Where(t => readout.Traces.ContainsKey(t.Id)).ToDictionary(t => t.Id, t => readout.Traces[t.Id]));
                foreach (var checkpoint in readout.Checkpoints)
                    store.SaveCheckpoint(checkpoint);
                foreach (var sweep in readout.Sweeps)
                    store.SaveSweepRecord(sweep);
            }

            // The checkpoints first: the database appears only once what it refers to is in place.
            if (Directory.Exists(CheckpointFiles.FolderFor(building)))
                Directory.Move(CheckpointFiles.FolderFor(building), CheckpointFiles.FolderFor(full));
            File.Move(building, full, overwrite: false);
        }
        finally
        {
            if (Directory.Exists(CheckpointFiles.FolderFor(building))) Directory.Delete(CheckpointFiles.FolderFor(building), recursive: true);
            File.Delete(building);
            File.Delete(DatabaseFiles.LogPathOf(building));
        }
    }

    private static List<T> ReadEach<T>(Source source, Func<SweepStore, IEnumerable<T>> records, string collection, List<string> problems)
    {
        var read = new List<T>();
        try
        {
            foreach (var record in records(source.Store)) read.Add(record);
        }
        catch (StoreException e)
        {
            problems.Add($"the {collection} collection could be read only up to its record {read.Count + 1}: {Reason(e)}");
            source.Reopen();
        }

        return read;
    }

    private static string Reason(StoreException e) => e.InnerException?.Message ?? e.Message;

    /// <summary>The damaged database, opened again after each failure: LiteDB closes its engine after some of them.</summary>
    private sealed class Source(string path) : IDisposable
    {
        public SweepStore Store { get; private set; } = SweepStore.OpenToSalvage(path);

        public T? Attempt<T>(Func<SweepStore, T?> read, string what, List<string> problems) where T : class
        {
            try
            {
                return read(Store);
            }
            catch (StoreException e)
            {
                problems.Add($"{what}: {Reason(e)}");
                Reopen();
                return null;
            }
        }

        public void Reopen()
        {
            Store.Dispose();
            Store = SweepStore.OpenToSalvage(path);
        }

        public void Dispose() => Store.Dispose();
    }
}
