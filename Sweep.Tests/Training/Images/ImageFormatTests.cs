using Sweep.Tests.Support;
using Sweep.Training.Data.Images;

namespace Sweep.Tests.Training.Images;

public sealed class ImageFormatTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sweep-formats-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Idx_images_and_labels_read_back_as_written()
    {
        var images = new byte[3, 2, 4];
        for (var i = 0; i < 3; i++)
            for (var r = 0; r < 2; r++)
                for (var c = 0; c < 4; c++)
                    images[i, r, c] = (byte)(i * 100 + r * 10 + c);
        ImageFiles.WriteIdxImages(Path.Combine(_dir, "images"), images);
        ImageFiles.WriteIdxLabels(Path.Combine(_dir, "labels"), [7, 0, 9]);

        var read = IdxFile.ReadImages(Path.Combine(_dir, "images"));

        Assert.Equal((3, 2, 4), (read.Count, read.Rows, read.Columns));
        Assert.Equal(213, read.Pixels[2 * 8 + 1 * 4 + 3]);   // image 2, row 1, column 3 (row-major)
        Assert.Equal([7, 0, 9], IdxFile.ReadLabels(Path.Combine(_dir, "labels")));
    }

    [Fact]
    public void Idx_files_with_the_wrong_magic_truncated_or_with_bad_labels_are_refused_naming_the_file()
    {
        var wrongMagic = Path.Combine(_dir, "wrong-magic");
        ImageFiles.WriteIdxLabels(wrongMagic, [1, 2], magic: IdxFile.ImagesMagic);
        var truncated = Path.Combine(_dir, "truncated");
        ImageFiles.WriteIdxImages(truncated, new byte[2, 28, 28]);
        File.WriteAllBytes(truncated, File.ReadAllBytes(truncated)[..^10]);
        var badLabel = Path.Combine(_dir, "bad-label");
        ImageFiles.WriteIdxLabels(badLabel, [3, 12]);
        var tiny = Path.Combine(_dir, "tiny");
        File.WriteAllBytes(tiny, [0, 0]);

        Assert.Contains("magic number 0x00000803, expected 0x00000801", Assert.Throws<DataException>(() => IdxFile.ReadLabels(wrongMagic)).Message);
        var cut = Assert.Throws<DataException>(() => IdxFile.ReadImages(truncated)).Message;
        Assert.StartsWith(truncated, cut);
        Assert.Contains("truncated", cut);
        Assert.Contains("label 1 is 12", Assert.Throws<DataException>(() => IdxFile.ReadLabels(badLabel)).Message);
        Assert.Contains("shorter than an IDX header", Assert.Throws<DataException>(() => IdxFile.ReadImages(tiny)).Message);
        Assert.Contains("no such file", Assert.Throws<DataException>(() => IdxFile.ReadImages(Path.Combine(_dir, "absent"))).Message);
    }

    [Fact]
    public void A_cifar_batch_reads_labels_and_channel_planes()
    {
        var path = Path.Combine(_dir, "data_batch_1.bin");
        ImageFiles.WriteCifarBatch(path);

        var batch = Cifar10Files.Read(path);

        Assert.Equal(Cifar10Files.RecordsPerBatch, batch.Count);
        Assert.Equal(7, batch.Labels[17]);
        var record = batch.Pixels.AsSpan(17 * Cifar10Files.PixelBytes, Cifar10Files.PixelBytes);
        Assert.Equal((17, 18, 19), (record[0], record[1024], record[2048 + 1023]));
    }

    [Fact]
    public void A_cifar_batch_of_the_wrong_size_or_a_folder_without_the_release_is_refused_saying_where_to_get_it()
    {
        var shortBatch = Path.Combine(_dir, "short.bin");
        ImageFiles.WriteCifarBatch(shortBatch, records: 9_999);

        var wrongSize = Assert.Throws<DataException>(() => Cifar10Files.Read(shortBatch)).Message;
        Assert.Contains($"{9_999 * Cifar10Files.RecordBytes} bytes", wrongSize);
        Assert.Contains("10000 records of 3073 bytes", wrongSize);

        var missing = Assert.Throws<DataException>(() => Cifar10Files.Locate(_dir)).Message;
        Assert.Contains("data_batch_1.bin", missing);
        Assert.Contains("cifar-10-binary.tar.gz", missing);
        Assert.Contains("--data-dir", Assert.Throws<DataException>(() => Cifar10Files.Locate(null)).Message);

        ImageFiles.WriteCifarRelease(_dir);
        Assert.Equal(Path.Combine(_dir, "cifar-10-batches-bin"), Cifar10Files.Locate(_dir));
    }
}
