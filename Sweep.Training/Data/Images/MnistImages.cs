using TorchSharp;
using static TorchSharp.torch;

namespace Sweep.Training.Data.Images;

/// <summary>
/// MNIST as tensors: 28×28 digits as bytes and their labels, train (60 000) then test (10 000) in
/// one tensor, read from the verified cache. Loaded once per process and never disposed: every
/// trial of the node shares it.
/// </summary>
public sealed class MnistImages
{
    public const int Side = 28;
    public const int TrainCount = 60_000;

    private MnistImages(Tensor images, Tensor labels)
    {
        AllImages = images;
        AllLabels = labels;
        TestCount = (int)images.shape[0] - TrainCount;
    }

    /// <summary>uint8 [70000, 28, 28]: train then test.</summary>
    public Tensor AllImages { get; }

    /// <summary>int64 [70000]</summary>
    public Tensor AllLabels { get; }

    public int TestCount { get; }

    /// <summary>Test digits that Stacked MNIST never trains on: the last ones, kept for IvOM's targets.</summary>
    public const int HeldOutCount = 1_000;

    /// <summary>Stacked MNIST's training digits: train and test, but for the held-out ones ([69000, 28, 28]).</summary>
    public Tensor PoolImages => AllImages.narrow(0, 0, AllImages.shape[0] - HeldOutCount);
    public Tensor PoolLabels => AllLabels.narrow(0, 0, AllLabels.shape[0] - HeldOutCount);
    public Tensor HeldOutImages => AllImages.narrow(0, AllImages.shape[0] - HeldOutCount, HeldOutCount);
    public Tensor HeldOutLabels => AllLabels.narrow(0, AllLabels.shape[0] - HeldOutCount, HeldOutCount);

    public Tensor TrainImages => AllImages.narrow(0, 0, TrainCount);
    public Tensor TrainLabels => AllLabels.narrow(0, 0, TrainCount);
    public Tensor TestImages => AllImages.narrow(0, TrainCount, TestCount);
    public Tensor TestLabels => AllLabels.narrow(0, TrainCount, TestCount);

    /// <summary>Digits already in memory: uint8 [n, 28, 28] and int64 labels [n] (tests).</summary>
    internal static MnistImages From(Tensor images, Tensor labels) => new(images, labels);

    /// <param name="device">Where the digits live: one shared copy per device, made from the CPU's.</param>
    public static MnistImages Load(DataLocations locations, Device? device = null)
    {
        var onCpu = SharedData.Get("mnist:" + locations.MnistDir, () =>
        {
            var files = MnistFiles.Verified(locations);
            var (train, test) = (IdxFile.ReadImages(files[MnistFiles.TrainImages]), IdxFile.ReadImages(files[MnistFiles.TestImages]));
            var (trainLabels, testLabels) = (IdxFile.ReadLabels(files[MnistFiles.TrainLabels]), IdxFile.ReadLabels(files[MnistFiles.TestLabels]));
            foreach (var (images, labels, path) in new[] { (train, trainLabels, files[MnistFiles.TrainImages]), (test, testLabels, files[MnistFiles.TestImages]) })
            {
                if (images.Rows != Side || images.Columns != Side)
                    throw new DataException($"{path}: images are {images.Rows}×{images.Columns}; MNIST's are {Side}×{Side}.");
                if (images.Count != labels.Length)
                    throw new DataException($"{path}: {images.Count} images but {labels.Length} labels.");
            }

            if (train.Count != TrainCount)
                throw new DataException($"{files[MnistFiles.TrainImages]}: {train.Count} images; MNIST's training set has {TrainCount}.");

            var pixels = tensor([.. train.Pixels, .. test.Pixels], [train.Count + test.Count, Side, Side]);
            using var labelBytes = tensor([.. trainLabels, .. testLabels]);
            return new MnistImages(pixels, labelBytes.to_type(ScalarType.Int64));
        });
        return device is null || device.type == DeviceType.CPU ? onCpu
            : SharedData.Get($"mnist:{locations.MnistDir}@{device}", () => new MnistImages(onCpu.AllImages.to(device), onCpu.AllLabels.to(device)));
    }
}
