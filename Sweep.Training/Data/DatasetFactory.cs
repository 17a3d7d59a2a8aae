using Sweep.Training.Data.Images;
using Sweep.Training.Scoring;
using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Training.Data;

/// <summary>A trial's dataset and the evaluator that scores it, by dataset kind.</summary>
public static class DatasetFactory
{
    /// <param name="device">Where the data and the scoring live: the shared image data and classifier get one copy per device.</param>
    public static (IDataset Data, ITrialEvaluator Evaluator) Create(TrialSpec spec, DataLocations locations, Device device)
    {
        var hyper = spec.Hyper;
        switch (spec.Dataset)
        {
            case DatasetKind.StackedMnist:
                var stacked = new StackedMnist(MnistImages.Load(locations, device));
                var classifier = ScoringClassifier.On(ScoringClassifier.Get(locations), device);
                return (stacked, new ImageEvaluator(hyper, stacked.TestImages, classifier));
            case DatasetKind.Cifar10:
                var cifar = Cifar10Images.Load(locations, device);
                return (cifar, new ImageEvaluator(hyper, cifar.TestImages, null));
            default:
                var mixture = SyntheticDatasets.Create(spec.Dataset, hyper).MoveTo(device);
                return (mixture, new SyntheticEvaluator(mixture, hyper.EvalSamples));
        }
    }

    /// <summary>Throws a <see cref="DataException"/> saying how to get the data when <paramref name="dataset"/> cannot load here.</summary>
    public static void CheckAvailable(DatasetKind dataset, DataLocations locations)
    {
        switch (dataset)
        {
            case DatasetKind.StackedMnist:
                MnistFiles.Verified(locations);
                break;
            case DatasetKind.Cifar10:
                Cifar10Files.Locate(locations.DataDir);
                break;
        }
    }
}
