using System.Security.Cryptography;
using Sweep.Training.Running;

namespace Sweep.Store;

/// <summary>
/// Checkpoint bytes, outside LiteDB's pages: one file per distinct checkpoint in a folder beside
/// the database (<c>sweep.db.checkpoints/</c>), named by its SHA-256. A file is written under a
/// temporary name, flushed to disk, checked against the hash its sender announced, renamed into
/// place and the folder flushed, so a crash leaves either no file or a whole one; what a crash
/// leaves half-written is a <c>.part</c> file that <see cref="DeleteAllBut"/> removes. A file is read
/// only after its hash is checked again: a damaged checkpoint is never resumed from.
/// </summary>
public sealed class CheckpointFiles(string folder)
{
    private const string Extension = ".ckpt";
    private const string PartExtension = ".part";

    public string Folder { get; } = folder;

    /// <summary>The folder beside the database at <paramref name="databasePath"/>.</summary>
    public static string FolderFor(string databasePath) => Path.GetFullPath(databasePath) + ".checkpoints";

    public string PathOf(string sha256) => Path.Combine(Folder, sha256 + Extension);

    /// <summary>Starts a new file under a temporary name; <see cref="Incoming.Seal"/> puts it in place.</summary>
    public Incoming Begin()
    {
        Directory.CreateDirectory(Folder);
        return new Incoming(this, Path.Combine(Folder, $"{Guid.NewGuid():N}{PartExtension}"));
    }

    /// <summary>Writes <paramref name="bytes"/> as a checkpoint file (a checkpoint handed over whole: the embedded path, salvage, migration).</summary>
    public StoredCheckpoint Write(int iteration, byte[] bytes)
    {
        using var incoming = Begin();
        incoming.Append(bytes);
        return incoming.Seal(iteration, expectedSha256: null, expectedLength: bytes.Length);
    }

    /// <summary>The checkpoint's bytes when its file is there, whole and matching its hash; else null.</summary>
    public byte[]? TryRead(StoredCheckpoint checkpoint)
    {
        if (!HasItsLength(checkpoint)) return null;
        var bytes = File.ReadAllBytes(PathOf(checkpoint.Sha256));
        return TrialCheckpoint.Sha256Of(bytes) == checkpoint.Sha256 ? bytes : null;
    }

    /// <summary>True when the file is there, as long as recorded and matches its hash (read in full, off any actor).</summary>
    public bool IsIntact(StoredCheckpoint checkpoint)
    {
        if (!HasItsLength(checkpoint)) return false;
        using var file = File.OpenRead(PathOf(checkpoint.Sha256));
        return Convert.ToHexStringLower(SHA256.HashData(file)) == checkpoint.Sha256;
    }

    private bool HasItsLength(StoredCheckpoint checkpoint)
    {
        var file = new FileInfo(PathOf(checkpoint.Sha256));
        return file.Exists && file.Length == checkpoint.Length;
    }

    /// <summary>Deletes every checkpoint file not in <paramref name="referenced"/> (by hash), and every leftover temporary file.</summary>
    /// <returns>How many files were deleted.</returns>
    public int DeleteAllBut(IReadOnlySet<string> referenced)
    {
        if (!Directory.Exists(Folder)) return 0;
        var deleted = 0;
        foreach (var path in Directory.EnumerateFiles(Folder))
        {
            var name = Path.GetFileName(path);
            var stale = name.EndsWith(PartExtension, StringComparison.Ordinal)
                        || (name.EndsWith(Extension, StringComparison.Ordinal) && !referenced.Contains(name[..^Extension.Length]));
            if (!stale) continue;
            File.Delete(path);
            deleted++;
        }

        return deleted;
    }

    /// <summary>Deletes the file of <paramref name="sha256"/> (when no trial refers to it any more).</summary>
    public void Delete(string sha256) => File.Delete(PathOf(sha256));

    /// <summary>A checkpoint file being written: bytes are appended and hashed as they arrive.</summary>
    public sealed class Incoming : IDisposable
    {
        private readonly CheckpointFiles _files;
        private readonly string _temporary;
        private readonly FileStream _stream;
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private bool _sealed;

        internal Incoming(CheckpointFiles files, string temporary)
        {
            _files = files;
            _temporary = temporary;
            _stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20, useAsync: true);
        }

        public long Length => _stream.Length;

        public void Append(byte[] bytes)
        {
            _stream.Write(bytes);
            _hash.AppendData(bytes);
        }

        public async Task AppendAsync(byte[] bytes)
        {
            await _stream.WriteAsync(bytes).ConfigureAwait(false);
            _hash.AppendData(bytes);
        }

        /// <summary>Flushes the bytes to disk, checks them, and renames the file to its hash.</summary>
        /// <exception cref="InvalidDataException">The bytes are not what the sender announced; the file is deleted.</exception>
        public StoredCheckpoint Seal(int iteration, string? expectedSha256, long expectedLength)
        {
            _stream.Flush(flushToDisk: true);
            var length = _stream.Length;
            _stream.Dispose();
            var sha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
            if (length != expectedLength || (expectedSha256 is not null && sha256 != expectedSha256))
                throw new InvalidDataException($"the checkpoint arrived as {length} bytes with SHA-256 {sha256}, not the {expectedLength} bytes with {expectedSha256} announced");

            var path = _files.PathOf(sha256);
            if (File.Exists(path)) File.Delete(_temporary);   // the same bytes are already stored
            else File.Move(_temporary, path);
            DirectorySync.Flush(_files.Folder);
            _sealed = true;
            return new StoredCheckpoint(iteration, sha256, length);
        }

        /// <summary>Unless sealed, the temporary file is deleted: a transfer that failed leaves nothing.</summary>
        public void Dispose()
        {
            _stream.Dispose();
            _hash.Dispose();
            if (!_sealed) File.Delete(_temporary);
        }
    }
}
