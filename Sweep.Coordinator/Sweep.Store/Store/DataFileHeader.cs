using System.Buffers.Binary;
using System.Text;

namespace Sweep.Store;

/// <summary>
/// The checks on LiteDB 5's header page that LiteDB does not make before it writes: that the file is
/// a LiteDB file at all, that it is as long as the header says, and that LiteDB did not mark it
/// damaged (5.0.20 rebuilds such a file on open, rewriting it).
/// </summary>
/// <remarks>Offsets from LiteDB 5's HeaderPage (file version 8): pages of 8 192 bytes.</remarks>
internal static class DataFileHeader
{
    private const int PageSize = 8192;
    private const int HeaderInfoAt = 32;
    private const int FileVersionAt = 59;
    private const int LastPageIdAt = 64;
    private const int InvalidStateAt = 191;
    private static readonly byte[] HeaderInfo = Encoding.ASCII.GetBytes("** This is a LiteDB file **");

    /// <param name="wholeFile">Also check the length and LiteDB's damage mark; false only to salvage.</param>
    public static void Check(DatabaseFiles files, string path, bool wholeFile)
    {
        var header = files.ReadDataStart(PageSize);
        if (header.Length < HeaderInfoAt + HeaderInfo.Length || !header.AsSpan(HeaderInfoAt, HeaderInfo.Length).SequenceEqual(HeaderInfo))
            throw new StoreException($"{path} is not a Sweep database (not a LiteDB file); nothing was written. Choose another --db.");
        if (!wholeFile) return;
        if (header.Length < PageSize || header[FileVersionAt] != 8)
            throw Damage.Named(path, header.Length < PageSize ? "its header page is cut short" : $"LiteDB file version {header[FileVersionAt]}, not 8");

        var lastPage = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(LastPageIdAt));
        var expected = ((long)lastPage + 1) * PageSize;
        if (files.DataLength % PageSize != 0 || files.DataLength < expected)
            throw Damage.Named(path, $"truncated: {files.DataLength:N0} bytes where its header needs at least {expected:N0}");
        if (header[InvalidStateAt] != 0)
            throw Damage.Named(path, "LiteDB marked it as damaged after an earlier failure");
    }
}
