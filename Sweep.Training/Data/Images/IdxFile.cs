using System.Buffers.Binary;

namespace Sweep.Training.Data.Images;

/// <summary>
/// The IDX format of the MNIST files: a big-endian magic (0x00000801 labels, 0x00000803 images),
/// the dimension sizes, then unsigned bytes. Every mismatch names the file and what was expected.
/// </summary>
public static class IdxFile
{
    public const int LabelsMagic = 0x00000801;
    public const int ImagesMagic = 0x00000803;

    public sealed record Images(int Count, int Rows, int Columns, byte[] Pixels);

    public static Images ReadImages(string path)
    {
        var bytes = ReadAll(path);
        var header = Header(path, bytes, ImagesMagic, dimensions: 3);
        var (count, rows, columns) = (header[0], header[1], header[2]);
        var pixels = Body(path, bytes, 16, (long)count * rows * columns, $"{count} images of {rows}×{columns}");
        return new Images(count, rows, columns, pixels);
    }

    public static byte[] ReadLabels(string path)
    {
        var bytes = ReadAll(path);
        var count = Header(path, bytes, LabelsMagic, dimensions: 1)[0];
        var labels = Body(path, bytes, 8, count, $"{count} labels");
        var bad = Array.FindIndex(labels, l => l > 9);
        if (bad >= 0) throw new DataException($"{path}: label {bad} is {labels[bad]}; MNIST labels are 0 to 9.");
        return labels;
    }

    private static byte[] ReadAll(string path) =>
        File.Exists(path) ? File.ReadAllBytes(path) : throw new DataException($"{path}: no such file.");

    private static int[] Header(string path, byte[] bytes, int magic, int dimensions)
    {
        var headerBytes = 4 * (1 + dimensions);
        if (bytes.Length < headerBytes)
            throw new DataException($"{path}: {bytes.Length} bytes, shorter than an IDX header ({headerBytes} bytes); the file is truncated.");
        var found = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (found != magic)
            throw new DataException($"{path}: magic number 0x{found:X8}, expected 0x{magic:X8} (IDX {(magic == ImagesMagic ? "images" : "labels")}).");
        var sizes = new int[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            sizes[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 * (i + 1)));
            if (sizes[i] <= 0) throw new DataException($"{path}: dimension {i} is {sizes[i]}; expected a positive size.");
        }

        return sizes;
    }

    private static byte[] Body(string path, byte[] bytes, int offset, long expected, string what)
    {
        if (bytes.Length - offset != expected)
            throw new DataException($"{path}: the header announces {what} ({expected} bytes) but {bytes.Length - offset} follow; the file is truncated or not IDX.");
        return bytes[offset..];
    }
}
