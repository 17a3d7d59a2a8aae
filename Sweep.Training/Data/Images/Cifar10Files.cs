namespace Sweep.Training.Data.Images;

/// <summary>
/// CIFAR-10's binary release: <c>data_batch_1..5.bin</c> and <c>test_batch.bin</c>, each 10 000
/// records of one label byte and 3072 pixel bytes (1024 red, 1024 green, 1024 blue, row-major 32×32).
/// </summary>
public static class Cifar10Files
{
    public const int Side = 32;
    public const int PixelBytes = 3 * Side * Side;
    public const int RecordBytes = 1 + PixelBytes;
    public const int RecordsPerBatch = 10_000;

    public static readonly string[] TrainBatches = [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")];
    public const string TestBatch = "test_batch.bin";

    public const string WhereToGetIt =
        "Download the binary version from https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz, unpack it, " +
        "and pass the folder with --data-dir (or set SWEEP_DATA_DIR).";

    public sealed record Batch(byte[] Labels, byte[] Pixels)
    {
        public int Count => Labels.Length;
    }

    /// <summary>The folder holding the batch files: <paramref name="dataDir"/> itself or its <c>cifar-10-batches-bin</c>.</summary>
    public static string Locate(string? dataDir)
    {
        if (dataDir is null)
            throw new DataException($"cifar10: no data folder given. {WhereToGetIt}");
        foreach (var candidate in new[] { Path.Combine(dataDir, "cifar-10-batches-bin"), dataDir })
            if (File.Exists(Path.Combine(candidate, TestBatch)) && TrainBatches.All(b => File.Exists(Path.Combine(candidate, b))))
                return candidate;
        throw new DataException(
            $"cifar10: {dataDir} holds neither the files {string.Join(", ", TrainBatches)}, {TestBatch} nor a cifar-10-batches-bin folder with them. {WhereToGetIt}");
    }

    public static Batch Read(string path)
    {
        if (!File.Exists(path)) throw new DataException($"{path}: no such file. {WhereToGetIt}");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != RecordsPerBatch * RecordBytes)
            throw new DataException(
                $"{path}: {bytes.Length} bytes; a CIFAR-10 batch is {RecordsPerBatch} records of {RecordBytes} bytes ({RecordsPerBatch * RecordBytes} bytes). " +
                "The file is truncated or not from the binary release.");
        var labels = new byte[RecordsPerBatch];
        var pixels = new byte[RecordsPerBatch * PixelBytes];
        for (var i = 0; i < RecordsPerBatch; i++)
        {
            labels[i] = bytes[i * RecordBytes];
            if (labels[i] > 9) throw new DataException($"{path}: record {i} has label {labels[i]}; CIFAR-10 labels are 0 to 9.");
            Buffer.BlockCopy(bytes, i * RecordBytes + 1, pixels, i * PixelBytes, PixelBytes);
        }

        return new Batch(labels, pixels);
    }
}
