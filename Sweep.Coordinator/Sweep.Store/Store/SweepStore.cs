using LiteDB;
using Sweep.Training.Running;

namespace Sweep.Store;

/// <summary>
/// The sweep database: sweeps, trials (keyed by TrialId, so every write is an upsert), trial
/// traces for pictures (a collection of their own, so reading records never reads them) and, per
/// trial, references to its latest two checkpoints, whose bytes live outside LiteDB's pages in
/// <see cref="CheckpointFiles"/> beside the database. One owner at a time, on one thread: LiteDB's API is
/// synchronous and its transactions are thread-bound, so the coordinator actor owns it.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The lock is the data file itself (<see cref="DatabaseFiles"/>): LiteDB's Direct mode does
/// not stop a second process on Linux (LiteDB issue #2163), and a lock file beside it would not stop
/// a second path to the same file.</item>
/// <item>Every write ends with a checkpoint: LiteDB 5.0.20 writes its log on a background queue, so
/// a commit can return before its pages reach the file and a SIGKILL right after could lose it.</item>
/// <item>An I/O error closes the store for good: nothing is written through a failing file.</item>
/// <item>Sweep writes only into its own databases (<see cref="SchemaMarker"/>), never into one that
/// is truncated or that LiteDB marked as damaged; a read-only store opens the files read-only.</item>
/// </list>
/// </remarks>
public sealed class SweepStore : IDisposable
{
    /// <summary>Where checkpoints lived in LiteDB's FileStorage before they moved to files; moved on a writer's first open.</summary>
    private const string LegacyCheckpointPrefix = "checkpoints/";

    private readonly DatabaseFiles _files;
    private readonly LiteDatabase _db;
    private readonly ILiteCollection<SweepRecord> _sweeps;
    private readonly ILiteCollection<TrialRecord> _trials;
    private readonly ILiteCollection<BsonDocument> _traces;
    private readonly ILiteCollection<BsonDocument> _checkpoints;
    private string? _fault;
    private bool _faultWasWrite;
    private bool _disposed;
    private bool _wrote;

    private SweepStore(string path, DatabaseFiles files, LiteDatabase db)
    {
        Path = path;
        _files = files;
        _db = db;
        _sweeps = db.GetCollection<SweepRecord>("sweeps");
        _trials = db.GetCollection<TrialRecord>("trials");
        _traces = db.GetCollection("traces");
        _checkpoints = db.GetCollection(CheckpointsCollection);
        CheckpointFiles = new CheckpointFiles(CheckpointFiles.FolderFor(path));
    }

    private const string CheckpointsCollection = "checkpoints";

    public string Path { get; }

    /// <summary>The checkpoint bytes of this database's trials.</summary>
    public CheckpointFiles CheckpointFiles { get; }

    /// <summary>True when this store was opened to read only: every write throws.</summary>
    public bool ReadOnly => _files.ReadOnly;

    /// <summary>Opens the database to read and write, creating it when missing; one writer at a time.</summary>
    public static SweepStore Open(string path) => Open(path, readOnly: false);

    /// <summary>Opens an existing database without the right to change a byte of it; readers may share it.</summary>
    public static SweepStore OpenReadOnly(string path) => Open(path, readOnly: true);

    /// <summary>
    /// Opens a database read-only even when its header says it is truncated or damaged, for
    /// <see cref="DatabaseSalvage"/> to read what it can; nothing else should read such a file.
    /// </summary>
    public static SweepStore OpenToSalvage(string path) => Open(path, readOnly: true, salvage: true);

    private static SweepStore Open(string path, bool readOnly, bool salvage = false)
    {
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
            throw new StoreException($"{path}: the folder {folder} does not exist.");

        var files = DatabaseFiles.Open(path, readOnly, wholePagesOnly: salvage);
        LiteDatabase? db = null;
        try
        {
            if (files.IsNew && readOnly)
                throw new StoreException($"{path} is empty, not a Sweep database. Run a sweep first (sweep run FILE --db {path}).");
            if (!files.IsNew)
                DataFileHeader.Check(files, path, wholeFile: !salvage);
            if (readOnly)
            {
                db = files.Database();
                SchemaMarker.Read(db, path);
                return new SweepStore(path, files, db);
            }

            // A writer first reads everything it may touch, through an engine whose writes stay in memory.
            var schema = 0;
            if (!files.IsNew)
            {
                using var reading = files.ReadingDatabase();
                schema = SchemaMarker.Read(reading, path);
                ReadEverythingAWriteTouches(reading, path);
            }

            db = files.Database();
            var store = new SweepStore(path, files, db);
            store.Prepare(schema);
            return store;
        }
        catch (Exception e) when (e is StoreException || Damage.IsDamage(e))
        {
            try { db?.Dispose(); } catch (Exception) { /* closing a damaged file may fail again; the file is released below */ }
            files.Abandon();
            throw e as StoreException ?? Damage.Describe(path, e);
        }
    }

    /// <summary>
    /// Before a writer opens: every sweep and trial (each state must be one this version knows), both
    /// trial indexes, the trace ids and the checkpoints' entries. Damage there is found before anything
    /// is written, not halfway through a run.
    /// </summary>
    private static void ReadEverythingAWriteTouches(LiteDatabase db, string path)
    {
        var trials = db.GetCollection<TrialRecord>("trials");
        _ = StatesOf(db, path);
        _ = db.GetCollection<SweepRecord>("sweeps").FindAll().Count();
        _ = trials.FindAll().Count();
        if (HasStateIndex(db))
            _ = trials.Find(Query.All("State")).Count();
        _ = db.GetCollection("traces").Query().Select("{ _id }").ToEnumerable().Count();
        _ = db.FileStorage.FindAll().Count();
        _ = db.GetCollection(CheckpointsCollection).FindAll().Count();
    }

    /// <summary>A new or older database gets the current marker, and the trial index is made sure of.</summary>
    private void Prepare(int schema)
    {
        if (schema < SchemaMarker.Current)
            Write(() => SchemaMarker.Write(_db));
        if (!Guard(() => HasStateIndex(_db)))
            Write(() => _trials.EnsureIndex(t => t.State));
        MoveLegacyCheckpoints();
        Guard(() => CheckpointFiles.DeleteAllBut(ReferencedCheckpoints()));
    }

    /// <summary>Checkpoints an older version kept in LiteDB's FileStorage become files, one trial per transaction.</summary>
    private void MoveLegacyCheckpoints()
    {
        var legacy = Guard(() => _db.FileStorage.FindAll().Where(f => f.Id.StartsWith(LegacyCheckpointPrefix, StringComparison.Ordinal)).Select(f => f.Id).ToList());
        foreach (var id in legacy)
        {
            var trialId = id[LegacyCheckpointPrefix.Length..];
            var checkpoint = Guard(() => ReadLegacy(trialId));
            var stored = checkpoint is null ? null : Guard(() => CheckpointFiles.Write(checkpoint.Iteration, checkpoint.State));
            Write(() =>
            {
                if (stored is not null && _checkpoints.FindById(trialId) is null)
                    _checkpoints.Upsert(CheckpointsDocument(trialId, stored, null));
                _db.FileStorage.Delete(id);
            });
        }
    }

    private TrialCheckpoint? ReadLegacy(string trialId)
    {
        var file = _db.FileStorage.FindById(LegacyCheckpointPrefix + trialId);
        if (file is null) return null;
        using var content = new MemoryStream();
        file.CopyTo(content);
        return new TrialCheckpoint(trialId, file.Metadata["iteration"].AsInt32, content.ToArray());
    }

    private static bool HasStateIndex(LiteDatabase db) =>
        db.GetCollection("$indexes").Find(Query.And(Query.EQ("collection", "trials"), Query.EQ("name", "State"))).Any();

    public SweepRecord? FindSweep(string name) => Guard(() => _sweeps.FindById(name));

    public IReadOnlyList<SweepRecord> Sweeps() => Guard(() => _sweeps.FindAll().OrderBy(s => s.CreatedUtc).ToList());

    public TrialRecord? FindTrial(string trialId) => Guard(() => _trials.FindById(trialId));

    /// <remarks>
    /// Beyond <see cref="MostLookedUp"/> ids, one scan of the collection that maps only the wanted
    /// documents: LiteDB's IN looks each id up in the index with its culture-aware collation, which
    /// took two thirds of reading a 20 000-trial sweep (the live view's first read of a sweep).
    /// </remarks>
    public IReadOnlyList<TrialRecord> Trials(IEnumerable<string> trialIds) => Guard(() =>
    {
        var ids = trialIds.ToList();
        // TryAdd, not ToDictionary: a damaged index can return one trial twice (the fuzz test met it once in 28 000 mutants).
        var found = new Dictionary<string, TrialRecord>();
        if (ids.Count <= MostLookedUp)
        {
            foreach (var trial in _trials.Find(Query.In("_id", ids.Select(id => new BsonValue(id)))))
                found.TryAdd(trial.Id, trial);
        }
        else
        {
            var wanted = ids.ToHashSet(StringComparer.Ordinal);
            foreach (var document in _db.GetCollection("trials").FindAll())
                if (document["_id"] is { IsString: true } id && wanted.Contains(id.AsString))
                    found.TryAdd(id.AsString, _db.Mapper.ToObject<TrialRecord>(document));
        }

        return ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
    });

    /// <summary>How many trials <see cref="Trials"/> looks up one by one in the index before it scans instead.</summary>
    public const int MostLookedUp = 1_000;

    /// <summary>The state of each stored trial among <paramref name="trialIds"/>, in their order, without reading specs or results into objects.</summary>
    /// <remarks>One projected scan of the collection: LiteDB's IN over 10⁵ ids is many times slower and holds its pages.</remarks>
    public IReadOnlyList<(string Id, TrialState State)> TrialStates(IEnumerable<string> trialIds) => Guard(() =>
    {
        var states = StatesOf(_db, Path);
        return trialIds.Where(states.ContainsKey).Select(id => (id, states[id])).ToList();
    });

    /// <summary>Every trial's state by id, in one projected scan; a state this version does not know is named.</summary>
    private static Dictionary<string, TrialState> StatesOf(LiteDatabase db, string path)
    {
        var states = new Dictionary<string, TrialState>();
        foreach (var trial in db.GetCollection("trials").Query().Select("{ _id, State }").ToEnumerable())
        {
            // Values LiteDB decoded without complaint may still be garbage: a damaged id is not a string.
            var id = trial["_id"].IsString ? trial["_id"].AsString : throw Damage.Named(path, $"a trial's id is {trial["_id"]}, not a string");
            states[id] = ParseState(path, id, trial["State"]);
        }

        return states;
    }

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
    public void Save(IReadOnlyCollection<TrialRecord> trials, IReadOnlyDictionary<string, byte[]>? traces = null)
    {
        var released = new List<StoredCheckpoint>();
        Write(() =>
        {
            _trials.Upsert(trials);
            foreach (var trial in trials.Where(t => t.State.IsFinal()))
            {
                released.AddRange(CheckpointsIn(_checkpoints.FindById(trial.Id)));
                _checkpoints.Delete(trial.Id);
            }

            foreach (var (trialId, trace) in traces ?? new Dictionary<string, byte[]>())
                _traces.Upsert(new BsonDocument { ["_id"] = trialId, ["trace"] = trace });
        });
        DeleteUnreferenced(released);
    }

    /// <summary>A trial's trace as stored; null when it has none (not finished, or run by a version that kept none).</summary>
    public byte[]? FindTrace(string trialId) => Guard(() => _traces.FindById(trialId)?["trace"].AsBinary);

    /// <summary>The ids of stored trials that start with <paramref name="prefix"/>, in order.</summary>
    public IReadOnlyList<string> TrialIdsStartingWith(string prefix) => Guard(() =>
        _trials.Query().Where(t => t.Id.StartsWith(prefix)).Select(t => t.Id).ToList().Order(StringComparer.Ordinal).ToList());

    /// <summary>Stores a whole checkpoint handed over in memory (the embedded path, salvage): its file, then its reference.</summary>
    public void SaveCheckpoint(TrialCheckpoint checkpoint) =>
        RecordCheckpoint(checkpoint.TrialId, Guard(() => CheckpointFiles.Write(checkpoint.Iteration, checkpoint.State)));

    /// <summary>
    /// Makes <paramref name="checkpoint"/>, whose file is already in place, the trial's latest; the
    /// one it replaces stays as the fallback, and the fallback before it goes, file and all.
    /// </summary>
    public void RecordCheckpoint(string trialId, StoredCheckpoint checkpoint)
    {
        var released = new List<StoredCheckpoint>();
        Write(() =>
        {
            var before = CheckpointsIn(_checkpoints.FindById(trialId));
            var previous = before.FirstOrDefault(c => c.Sha256 != checkpoint.Sha256);
            released.AddRange(before.Where(c => c.Sha256 != checkpoint.Sha256 && c != previous));
            _checkpoints.Upsert(CheckpointsDocument(trialId, checkpoint, previous));
        });
        DeleteUnreferenced(released);
    }

    /// <summary>The trial's stored checkpoints, newest first (at most two); their files are not read.</summary>
    public IReadOnlyList<StoredCheckpoint> CheckpointsOf(string trialId) => Guard(() => CheckpointsIn(_checkpoints.FindById(trialId)));

    /// <summary>The newest of the trial's checkpoints whose file is whole and matches its hash, read into memory; null when none is.</summary>
    public TrialCheckpoint? LatestCheckpoint(string trialId) => Guard(() =>
    {
        foreach (var stored in CheckpointsIn(_checkpoints.FindById(trialId)))
            if (CheckpointFiles.TryRead(stored) is { } bytes)
                return new TrialCheckpoint(trialId, stored.Iteration, bytes);
        return ReadLegacy(trialId);   // only a read-only store can still see one
    });

    public bool HasCheckpoint(string trialId) => Guard(() => _checkpoints.Exists(Query.EQ("_id", trialId)) || _db.FileStorage.Exists(LegacyCheckpointPrefix + trialId));

    /// <summary>Each checkpointed trial's latest checkpoint iteration, from the references alone.</summary>
    public Dictionary<string, int> CheckpointIterations() => Guard(() =>
    {
        // Tolerant as Trials is: a damaged index may list an entry twice.
        var iterations = new Dictionary<string, int>();
        foreach (var document in _checkpoints.FindAll())
            if (CheckpointsIn(document).FirstOrDefault() is { } latest)
                iterations.TryAdd(document["_id"].AsString, latest.Iteration);
        foreach (var file in _db.FileStorage.FindAll().Where(f => f.Id.StartsWith(LegacyCheckpointPrefix, StringComparison.Ordinal)))
            iterations.TryAdd(file.Id[LegacyCheckpointPrefix.Length..], file.Metadata["iteration"].AsInt32);
        return iterations;
    });

    /// <summary>The hash of every checkpoint file some trial refers to.</summary>
    public HashSet<string> ReferencedCheckpoints() => Guard(() =>
        _checkpoints.FindAll().SelectMany(CheckpointsIn).Select(c => c.Sha256).ToHashSet());

    /// <summary>Deletes a checkpoint file that was written but not recorded (its attempt ended meanwhile), unless a trial refers to it.</summary>
    public void ForgetCheckpointFile(StoredCheckpoint checkpoint) => DeleteUnreferenced([checkpoint]);

    /// <summary>After a commit: deletes the files of <paramref name="released"/> that no trial refers to any more.</summary>
    private void DeleteUnreferenced(List<StoredCheckpoint> released)
    {
        if (released.Count == 0) return;
        var referenced = ReferencedCheckpoints();
        foreach (var stored in released.Where(c => !referenced.Contains(c.Sha256)))
            Guard(() => { CheckpointFiles.Delete(stored.Sha256); return true; });
    }

    private static BsonDocument CheckpointsDocument(string trialId, StoredCheckpoint latest, StoredCheckpoint? previous) => new()
    {
        ["_id"] = trialId,
        ["latest"] = Bson(latest),
        ["previous"] = previous is null ? BsonValue.Null : Bson(previous),
    };

    private static BsonDocument Bson(StoredCheckpoint checkpoint) => new()
    {
        ["iteration"] = checkpoint.Iteration, ["sha256"] = checkpoint.Sha256, ["length"] = checkpoint.Length,
    };

    private static List<StoredCheckpoint> CheckpointsIn(BsonDocument? document) =>
        document is null
            ? []
            : new[] { document["latest"], document["previous"] }.Where(v => v.IsDocument)
                .Select(v => new StoredCheckpoint(v["iteration"].AsInt32, v["sha256"].AsString, v["length"].AsInt64)).ToList();

    /// <summary>The stored sweeps, each read on its own: a damaged one throws when reached, after the ones before it.</summary>
    internal IEnumerable<SweepRecord> SweepsOneByOne() => OneByOne(_sweeps.FindAll());

    /// <summary>The stored trial ids, read as <see cref="SweepsOneByOne"/>.</summary>
    internal IEnumerable<string> TrialIdsOneByOne() =>
        OneByOne(_db.GetCollection("trials").Query().Select("{ _id }").ToEnumerable().Select(d => d["_id"].AsString));

    private IEnumerable<T> OneByOne<T>(IEnumerable<T> records)
    {
        using var cursor = Guard(records.GetEnumerator);
        while (Guard(cursor.MoveNext))
            yield return cursor.Current;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            // After a failed write LiteDB's Dispose waits for its dead writer queue forever; the
            // committed state is already in the file, so the files are simply closed.
            if (_files.WriteFailure is null)
                using (ReadOnly ? null : _files.CheckpointWindow())
                    _db.Dispose();
        }
        catch (Exception e) when ((_fault is not null || ReadOnly) && (e is IOException || Damage.IsDamage(e)))
        {
            // Closing flushes through the file that already failed; the last commit is what it is.
        }
        finally
        {
            _files.Dispose();
        }
    }

    private static TrialState ParseState(string path, string trialId, BsonValue state) =>
        state.IsString && Enum.TryParse<TrialState>(state.AsString, out var known) && Enum.IsDefined(known)
            ? known
            : throw new StoreException($"{path}: trial {trialId} has the state {state}, which this version of Sweep does not know ({string.Join(", ", Enum.GetNames<TrialState>())}); nothing was written. 'sweep db salvage --db {path} --to NEW' copies every readable trial into a new database.");

    private void Write(Action write) => Guard(() =>
    {
        if (ReadOnly)
            throw new InvalidOperationException($"{Path} was opened read-only; this write is a bug in the command that opened it.");
        _db.BeginTrans();
        try
        {
            write();
            using (_files.CheckpointWindow())
                _db.Commit();
            _wrote = true;
        }
        catch
        {
            RollBack();
            throw;
        }

        // Forces the log to the data file: commits in 5.0.20 may still sit in a background queue.
        using (_files.CheckpointWindow())
            _db.Checkpoint();
        return true;
    });

    /// <summary>Rolls back after a failed write; when the failure closed LiteDB's engine this fails too, and the first failure is the one to report.</summary>
    private void RollBack()
    {
        try
        {
            _db.Rollback();
        }
        catch (Exception e) when (Damage.IsDamage(e))
        {
            // The engine is closed; the data file was sealed, so the rollback has nothing to undo there.
        }
    }

    private T Guard<T>(Func<T> operation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_fault is not null)
        {
            var message = $"{Path} failed earlier ({_fault}); the store is closed and nothing more is written.";
            throw _faultWasWrite ? new StoreFailedException(message) : new StoreException(message);
        }
        try
        {
            return operation();
        }
        catch (Exception e) when (!ReadOnly && (e is IOException || _files.WriteFailure is not null))
        {
            _fault = e.Message;
            _faultWasWrite = true;
            throw new StoreFailedException($"{Path}: writing failed ({_files.WriteFailure ?? e.Message}); the store is closed and nothing more is written. The last committed state is intact.", e);
        }
        catch (Exception e) when (Damage.IsDamage(e) || e is IOException)
        {
            // A writer stops at the first damage; a reader goes on, so a salvage can skip one bad record.
            if (!ReadOnly) _fault = e.Message;
            throw Damage.Describe(Path, e, afterWrites: _wrote);
        }
    }
}
