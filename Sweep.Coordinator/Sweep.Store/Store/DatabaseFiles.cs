using LiteDB;
using LiteDB.Engine;

namespace Sweep.Store;

/// <summary>
/// The database's data and log files, opened by Sweep rather than by LiteDB so that the lock is the
/// data file itself: an exclusive <c>flock</c> for a writer, a shared one for readers. The lock
/// follows the file's identity (its inode), so a hard link or another path to the same file meets it;
/// a read-only open cannot change a byte, because the operating system refuses the write.
/// </summary>
internal sealed class DatabaseFiles : IDisposable
{
    private const int PageSize = 8192;

    private readonly FileStream _data;
    private readonly Stream _log;
    private readonly bool _wholePagesOnly;
    private readonly string? _createdLog;
    private readonly List<LiteEngine> _engines = [];

    private DatabaseFiles(FileStream data, Stream log, bool readOnly, bool wholePagesOnly, string? createdLog)
    {
        _data = data;
        _log = log;
        ReadOnly = readOnly;
        _wholePagesOnly = wholePagesOnly;
        _createdLog = createdLog;
    }

    public bool ReadOnly { get; }

    /// <summary>LiteDB's name for a data file's log: <c>name-log.ext</c> beside it.</summary>
    public static string LogPathOf(string dataPath)
    {
        var full = Path.GetFullPath(dataPath);
        return Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + "-log" + Path.GetExtension(full));
    }

    /// <summary>True when the data file has no pages yet: a database this open creates.</summary>
    public bool IsNew => _data.Length == 0;

    /// <summary>Opens (or, for a writer, creates) the files; throws <see cref="StoreException"/> naming the reason.</summary>
    /// <param name="wholePagesOnly">Read-only: show LiteDB only the file's whole pages, so a file cut
    /// mid-page can be salvaged (LiteDB would otherwise cut it to a page boundary itself).</param>
    public static DatabaseFiles Open(string path, bool readOnly, bool wholePagesOnly = false)
    {
        var full = Path.GetFullPath(path);
        var logPath = LogPathOf(full);
        var data = OpenFile(path, full, readOnly, FileMode.OpenOrCreate);
        try
        {
            var logExisted = File.Exists(logPath);
            Stream log = readOnly && !logExisted ? new MemoryStream() : OpenFile(path, logPath, readOnly, FileMode.OpenOrCreate, lockIt: false);
            return new DatabaseFiles(data, log, readOnly, readOnly && wholePagesOnly, logExisted ? null : logPath);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    public long DataLength => _data.Length;

    /// <summary>Why a write to the data or log file failed; null while none has.</summary>
    public string? WriteFailure => (_data as DurableFileStream)?.Failure ?? (_log as DurableFileStream)?.Failure;

    /// <summary>Up to <paramref name="count"/> bytes from the data file's start, without moving LiteDB's position.</summary>
    public byte[] ReadDataStart(int count)
    {
        var buffer = new byte[(int)Math.Min(count, _data.Length)];
        RandomAccess.Read(_data.SafeFileHandle, buffer, 0);
        return buffer;
    }

    /// <summary>
    /// A LiteDB engine over these files; the files stay Sweep's to close. A writer's data file is
    /// sealed once the engine is open: LiteDB writes it only in a checkpoint (a transaction goes to the
    /// log), so every write outside <see cref="CheckpointWindow"/> is refused. LiteDB 5.0.20 answers
    /// damage it meets mid-transaction by writing an "invalid state" byte into the data file; sealed,
    /// that write fails inside LiteDB's own error handling and the file stays as it was.
    /// </summary>
    public LiteDatabase Database()
    {
        if (ReadOnly) return ReadingDatabase();
        var database = new LiteDatabase(Engine(new EngineSettings { DataStream = _data, LogStream = _log }));
        ((DurableFileStream)_data).Sealed = true;
        return database;
    }

    /// <summary>An engine over these files, remembered so that closing the files can forget its leftover transactions.</summary>
    private LiteEngine Engine(EngineSettings settings)
    {
        var engine = new LiteEngine(settings);
        _engines.Add(engine);
        return engine;
    }

    /// <summary>Lets LiteDB write the data file until disposed: around a commit (which may checkpoint), a checkpoint and the close.</summary>
    public IDisposable CheckpointWindow()
    {
        var data = (DurableFileStream)_data;
        var wasSealed = data.Sealed;
        data.Sealed = false;
        return new Reseal(data, wasSealed);
    }

    private sealed class Reseal(DurableFileStream data, bool wasSealed) : IDisposable
    {
        public void Dispose() => data.Sealed = wasSealed;
    }

    /// <summary>
    /// A LiteDB engine whose writes never reach the files, even a writer's: LiteDB 5.0.20 marks a
    /// file it finds damaged by writing to it, so a writer reads everything through this first.
    /// </summary>
    public LiteDatabase ReadingDatabase() => new(Engine(new EngineSettings
    {
        DataStream = new ReadOnlyView(_data, _wholePagesOnly),
        LogStream = new ReadOnlyView(_log, wholePagesOnly: false),
        ReadOnly = true,
    }));

    /// <summary>Closes the files; the engines over them must be closed already.</summary>
    public void Dispose()
    {
        foreach (var engine in _engines)
            OrphanedTransactions.Forget(engine);
        _log.Dispose();
        _data.Dispose();
    }

    /// <summary>Closes the files after a refused open, removing the log file this open created: a refusal leaves the folder as it was.</summary>
    public void Abandon()
    {
        Dispose();
        if (_createdLog is not null && File.Exists(_createdLog) && new FileInfo(_createdLog).Length == 0)
            File.Delete(_createdLog);
    }

    /// <param name="lockIt">False for the log: the data file's lock covers both, and a log locked too
    /// was found still locked, now and then, by an open right after its writer closed it.</param>
    private static FileStream OpenFile(string shownPath, string file, bool readOnly, FileMode mode, bool lockIt = true)
    {
        if (Directory.Exists(file))
            throw new StoreException($"{shownPath} is a folder; --db takes a database file (created if missing).");
        try
        {
            // .NET takes flock(LOCK_EX) for FileShare.None and flock(LOCK_SH) otherwise: one writer, or readers.
            var share = lockIt ? (readOnly ? FileShare.Read : FileShare.None) : FileShare.ReadWrite;
            return readOnly
                ? new FileStream(file, FileMode.Open, FileAccess.Read, share, 4096, FileOptions.RandomAccess)
                : new DurableFileStream(file, mode, share);
        }
        catch (FileNotFoundException)
        {
            throw new StoreException($"{shownPath} does not exist. Run a sweep first (sweep run FILE --db {shownPath}).");
        }
        catch (UnauthorizedAccessException)
        {
            throw new StoreException(readOnly
                ? $"{shownPath}: permission denied reading {Path.GetFileName(file)}."
                : $"{shownPath}: permission denied writing {Path.GetFileName(file)} (the file or its folder is read-only). Commands that only read it (status, export, report, plot) still work; to run, copy it somewhere writable.");
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new StoreException($"{shownPath} is in use by another Sweep process (or another path to the same file is). Stop that process or choose another --db.", e) { HeldByAnother = true };
        }
    }

    /// <summary>
    /// A FileStream whose every flush reaches the disk (LiteDB flushes through a wrapper that only
    /// calls <see cref="Flush()"/>), and that remembers a failed write: LiteDB 5.0.20 writes on a
    /// background queue that dies with the error, and its Dispose then waits for that queue forever.
    /// </summary>
    private sealed class DurableFileStream(string path, FileMode mode, FileShare share)
        : FileStream(path, mode, FileAccess.ReadWrite, share, 4096, FileOptions.RandomAccess)
    {
        public string? Failure { get; private set; }

        /// <summary>While true every write and length change throws, before touching the file (see <see cref="Database"/>).</summary>
        public bool Sealed { get; set; }

        public override void Flush() => Remembering(() => Flush(flushToDisk: true));
        public override void Write(byte[] buffer, int offset, int count)
        {
            RefuseWhileSealed();
            Remembering(() => base.Write(buffer, offset, count));
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            RefuseWhileSealed();
            try
            {
                base.Write(buffer);
            }
            catch (Exception e) when (e is IOException or ArgumentOutOfRangeException)
            {
                Failure ??= e.Message;
                throw;
            }
        }

        public override void SetLength(long value)
        {
            RefuseWhileSealed();
            Remembering(() => base.SetLength(value));
        }

        /// <summary>Not an IOException: LiteDB retries those for a minute when marking a file damaged.</summary>
        private void RefuseWhileSealed()
        {
            if (Sealed)
                throw new InvalidOperationException($"{Name}: Sweep lets LiteDB write the data file only in a checkpoint.");
        }

        private void Remembering(Action write)
        {
            try
            {
                write();
            }
            // A full disk or a file size limit: .NET reports EFBIG from SetLength as an ArgumentOutOfRangeException.
            catch (Exception e) when (e is IOException or ArgumentOutOfRangeException)
            {
                Failure ??= e.Message;
                throw;
            }
        }
    }

    /// <summary>
    /// A view of a file whose writes stay in memory: LiteDB may replay its log into the data file
    /// when it opens one that a killed process left, and reading must not need that write to reach
    /// the file. With <c>wholePagesOnly</c>, the file ends at its last whole page.
    /// </summary>
    private sealed class ReadOnlyView(Stream file, bool wholePagesOnly) : Stream
    {
        private readonly Dictionary<long, byte[]> _written = [];
        private long? _length;
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => true;
        public override long Length => _length ?? (wholePagesOnly ? FileLength : file.Length);
        public override long Position { get => _position; set => _position = value; }

        private long FileLength => wholePagesOnly ? file.Length / PageSize * PageSize : file.Length;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var total = (int)Math.Clamp(Length - _position, 0, count);
            for (var done = 0; done < total;)
            {
                var (page, within) = (_position / PageSize, (int)(_position % PageSize));
                var take = Math.Min(total - done, PageSize - within);
                Page(page).AsSpan(within, take).CopyTo(buffer.AsSpan(offset + done));
                (done, _position) = (done + take, _position + take);
            }

            return total;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            for (var done = 0; done < count;)
            {
                var (page, within) = (_position / PageSize, (int)(_position % PageSize));
                var take = Math.Min(count - done, PageSize - within);
                var copy = Page(page);
                buffer.AsSpan(offset + done, take).CopyTo(copy.AsSpan(within));
                _written[page] = copy;
                (done, _position) = (done + take, _position + take);
            }

            _length = Math.Max(Length, _position);
        }

        public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };

        public override void SetLength(long value)
        {
            foreach (var page in _written.Keys.Where(p => p * PageSize >= value).ToList()) _written.Remove(page);
            _length = value;
        }

        public override void Flush() { }

        /// <summary>A copy of one page as this view sees it: written here, else the file's bytes, else zeros.</summary>
        private byte[] Page(long page)
        {
            if (_written.TryGetValue(page, out var kept)) return (byte[])kept.Clone();
            var bytes = new byte[PageSize];
            var start = page * PageSize;
            var visible = _length is { } cut ? Math.Min(cut, FileLength) : FileLength;
            if (start < visible)
            {
                file.Position = start;
                var wanted = (int)Math.Min(PageSize, visible - start);
                file.ReadAtLeast(bytes.AsSpan(0, wanted), wanted, throwOnEndOfStream: false);
            }

            return bytes;
        }
    }
}
