using System.Text;
using LiteDB;
using Sweep.Training.Running;

namespace Sweep.Store;

/// <summary>
/// The sweep database: sweeps, trials (keyed by TrialId, so every write is an upsert), trial
/// traces for pictures (a collection of their own, so reading records never reads them) and trial
/// checkpoints (LiteDB FileStorage). One owner at a time, on one thread: LiteDB's API is
/// synchronous and its transactions are thread-bound, so the coordinator actor owns it.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>An exclusive lock file guards the database: LiteDB's Direct mode does not stop a second
/// process on Linux (LiteDB issue #2163).</item>
/// <item>Every write ends with a checkpoint: LiteDB 5.0.20 writes its log on a background queue, so
/// a commit can return before its pages reach the file and a SIGKILL right after could lose it.</item>
/// <item>An I/O error closes the store for good: nothing is written through a failing file.</item>
/// <item>A file that is not a LiteDB database is refused before LiteDB opens it.</item>
/// </list>
/// </remarks>
public sealed class SweepStore : IDisposable
{
    private const string CheckpointPrefix = "checkpoints/";

    private readonly FileStream _lock;
    private readonly LiteDatabase _db;
    private readonly ILiteCollection<SweepRecord> _sweeps;
    private readonly ILiteCollection<TrialRecord> _trials;
    private readonly ILiteCollection<BsonDocument> _traces;
    private string? _fault;

    private SweepStore(string path, FileStream lockFile, LiteDatabase db)
    {
        Path = path;
        _lock = lockFile;
        _db = db;
        _sweeps = db.GetCollection<SweepRecord>("sweeps");
        _trials = db.GetCollection<TrialRecord>("trials");
        _trials.EnsureIndex(t => t.State);
        _traces = db.GetCollection("traces");
    }

    public string Path { get; }

    public static SweepStore Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
            throw new StoreException($"{path}: the folder {folder} does not exist.");

        var lockPath = full + ".lock";
        var lockExisted = File.Exists(lockPath);
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new StoreException($"{path} is in use by another Sweep process (it holds {lockPath}). Stop that process or choose another --db.");
        }

        try
        {
            if (File.Exists(full) && new FileInfo(full).Length > 0 && !HasLiteDbHeader(full))
                throw new StoreException($"{path} is not a Sweep database (not a LiteDB file); nothing was written. Choose another --db.");
            var db = new LiteDatabase(new ConnectionString { Filename = full, Connection = ConnectionType.Direct });
            return new SweepStore(path, lockFile, db);
        }
        catch (Exception e) when (e is LiteException or StoreException or IOException)
        {
            lockFile.Dispose();
            if (!lockExisted) File.Delete(lockPath);
            throw e as StoreException ?? new StoreException($"{path} cannot be opened as a Sweep database ({e.Message}); nothing was written.", e);
        }
    }

    public SweepRecord? FindSweep(string name) => Guard(() => _sweeps.FindById(name));

    public IReadOnlyList<SweepRecord> Sweeps() => Guard(() => _sweeps.FindAll().OrderBy(s => s.CreatedUtc).ToList());

    public TrialRecord? FindTrial(string trialId) => Guard(() => _trials.FindById(trialId));

    public IReadOnlyList<TrialRecord> Trials(IEnumerable<string> trialIds) => Guard(() =>
    {
        var ids = trialIds.ToList();
        var found = _trials.Find(Query.In("_id", ids.Select(id => new BsonValue(id)))).ToDictionary(t => t.Id);
        return ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
    });

    /// <summary>The state of each stored trial among <paramref name="trialIds"/>, in their order, without reading specs or results into objects.</summary>
    /// <remarks>One projected scan of the collection: LiteDB's IN over 10⁵ ids is many times slower and holds its pages.</remarks>
    public IReadOnlyList<(string Id, TrialState State)> TrialStates(IEnumerable<string> trialIds) => Guard(() =>
    {
        var states = _db.GetCollection("trials").Query()
            .Select("{ _id, State }")
            .ToEnumerable()
            .ToDictionary(d => d["_id"].AsString, d => Enum.Parse<TrialState>(d["State"].AsString));
        return trialIds.Where(states.ContainsKey).Select(id => (id, states[id])).ToList();
    });

    /// <summary>
    /// Adds the trials the database does not have yet, then saves the sweep. Trials already stored
    /// keep their state and results: a completed result is never overwritten by a new sweep.
    /// </summary>
    /// <remarks>
    /// Trials go in transactions of a few thousand (one transaction holds all its pages in memory)
    /// and the sweep record last, so a process killed halfway leaves only unreferenced pending trials.
    /// </remarks>
    public void SaveSweep(SweepRecord sweep, IEnumerable<TrialRecord> trials)
    {
        var stored = StoredTrialIds();
        foreach (var chunk in trials.Chunk(TrialsPerTransaction))
            AddNewTrials(chunk, stored);
        SaveSweepRecord(sweep);
    }

    /// <summary>A transaction holds all its pages in memory: trials are added this many at a time.</summary>
    public const int TrialsPerTransaction = 2_000;

    /// <summary>The id of every stored trial, read in one projected scan.</summary>
    public HashSet<string> StoredTrialIds() => Guard(() =>
        _db.GetCollection("trials").Query().Select("{ _id }").ToEnumerable().Select(d => d["_id"].AsString).ToHashSet());

    /// <summary>
    /// Inserts, in one transaction, the trials whose ids are not in <paramref name="stored"/>, and adds
    /// their ids to it. The caller is the database's only writer, so <paramref name="stored"/> stays true.
    /// </summary>
    public void AddNewTrials(IReadOnlyCollection<TrialRecord> trials, HashSet<string> stored) => Write(() =>
    {
        var fresh = trials.Where(t => !stored.Contains(t.Id)).DistinctBy(t => t.Id).ToList();
        _trials.InsertBulk(fresh);
        stored.UnionWith(fresh.Select(t => t.Id));
    });

    public void SaveSweepRecord(SweepRecord sweep) => Write(() => _sweeps.Upsert(sweep));

    /// <summary>
    /// Upserts a batch of trial records, and the traces of those that ended, in one transaction,
    /// durable when this returns. A trial saved in a final state loses its checkpoint in the same
    /// transaction: it is only dead weight.
    /// </summary>
    /// <param name="traces"><see cref="Sweep.Training.Tracing.TraceFormat"/> bytes by trial id.</param>
    public void Save(IReadOnlyCollection<TrialRecord> trials, IReadOnlyDictionary<string, byte[]>? traces = null) => Write(() =>
    {
        _trials.Upsert(trials);
        foreach (var trial in trials.Where(t => t.State.IsFinal()))
            _db.FileStorage.Delete(CheckpointPrefix + trial.Id);
        foreach (var (trialId, trace) in traces ?? new Dictionary<string, byte[]>())
            _traces.Upsert(new BsonDocument { ["_id"] = trialId, ["trace"] = trace });
    });

    /// <summary>A trial's trace as stored; null when it has none (not finished, or run by a version that kept none).</summary>
    public byte[]? FindTrace(string trialId) => Guard(() => _traces.FindById(trialId)?["trace"].AsBinary);

    /// <summary>The ids of stored trials that start with <paramref name="prefix"/>, in order.</summary>
    public IReadOnlyList<string> TrialIdsStartingWith(string prefix) => Guard(() =>
        _trials.Query().Where(t => t.Id.StartsWith(prefix)).Select(t => t.Id).ToList().Order(StringComparer.Ordinal).ToList());

    public void SaveCheckpoint(TrialCheckpoint checkpoint) => Write(() =>
    {
        using var content = new MemoryStream(checkpoint.State);
        var file = _db.FileStorage.Upload(CheckpointPrefix + checkpoint.TrialId, $"{checkpoint.TrialId}.ckpt", content);
        _db.FileStorage.SetMetadata(file.Id, new BsonDocument { ["iteration"] = checkpoint.Iteration });
    });

    public TrialCheckpoint? LatestCheckpoint(string trialId) => Guard(() =>
    {
        var file = _db.FileStorage.FindById(CheckpointPrefix + trialId);
        if (file is null) return null;
        using var content = new MemoryStream();
        file.CopyTo(content);
        return new TrialCheckpoint(trialId, file.Metadata["iteration"].AsInt32, content.ToArray());
    });

    public bool HasCheckpoint(string trialId) => Guard(() => _db.FileStorage.Exists(CheckpointPrefix + trialId));

    /// <summary>The ids of the trials that have a checkpoint, without reading one.</summary>
    public HashSet<string> CheckpointedTrialIds() => Guard(() =>
        _db.FileStorage.FindAll().Select(f => f.Id[CheckpointPrefix.Length..]).ToHashSet());

    public void Dispose()
    {
        _db.Dispose();
        _lock.Dispose();
    }

    private void Write(Action write) => Guard(() =>
    {
        _db.BeginTrans();
        try
        {
            write();
            _db.Commit();
        }
        catch
        {
            _db.Rollback();
            throw;
        }

        // Forces the log to the data file: commits in 5.0.20 may still sit in a background queue.
        _db.Checkpoint();
        return true;
    });

    private T Guard<T>(Func<T> operation)
    {
        if (_fault is not null)
            throw new StoreException($"{Path} failed earlier ({_fault}); the store is closed and nothing more is written. Restart to reopen it.");
        try
        {
            return operation();
        }
        catch (IOException e)
        {
            _fault = e.Message;
            throw new StoreException($"{Path}: I/O error ({e.Message}); the store is closed and nothing more is written.", e);
        }
    }

    /// <summary>LiteDB 5 writes "** This is a LiteDB file **" at byte 32 of its header page.</summary>
    private static bool HasLiteDbHeader(string path)
    {
        var expected = Encoding.ASCII.GetBytes("** This is a LiteDB file **");
        var header = new byte[32 + expected.Length];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length
               && header.AsSpan(32).SequenceEqual(expected);
    }
}
