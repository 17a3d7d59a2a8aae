using System.Buffers.Binary;
using Sweep.Training.Data.Images;

namespace Sweep.Tests.Support;

/// <summary>Small files in the IDX and CIFAR-10 binary formats, written by the tests themselves.</summary>
public static class ImageFiles
{
    public static void WriteIdxImages(string path, byte[,,] images, int magic = IdxFile.ImagesMagic)
    {
        var (count, rows, columns) = (images.GetLength(0), images.GetLength(1), images.GetLength(2));
        var bytes = new byte[16 + count * rows * columns];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        Buffer.BlockCopy(images, 0, bytes, 16, count * rows * columns);
        File.WriteAllBytes(path, bytes);
    }

    public static void WriteIdxLabels(string path, byte[] labels, int magic = IdxFile.LabelsMagic)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>A full-size CIFAR-10 batch: record i has label i % 10 and every pixel byte (i + channel) % 256.</summary>
    public static void WriteCifarBatch(string path, int records = Cifar10Files.RecordsPerBatch)
    {
        var bytes = new byte[records * Cifar10Files.RecordBytes];
        for (var i = 0; i < records; i++)
        {
            var record = bytes.AsSpan(i * Cifar10Files.RecordBytes, Cifar10Files.RecordBytes);
            record[0] = (byte)(i % 10);
            for (var channel = 0; channel < 3; channel++)
                record.Slice(1 + channel * 1024, 1024).Fill((byte)((i + channel) % 256));
        }

        File.WriteAllBytes(path, bytes);
    }

    /// <summary>A folder laid out like the unpacked binary release: DIR/cifar-10-batches-bin/*.bin.</summary>
    public static string WriteCifarRelease(string root)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "cifar-10-batches-bin")).FullName;
        foreach (var batch in Cifar10Files.TrainBatches.Append(Cifar10Files.TestBatch))
            WriteCifarBatch(Path.Combine(folder, batch));
        return root;
    }
}
