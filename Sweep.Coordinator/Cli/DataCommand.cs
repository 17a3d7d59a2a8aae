using System.CommandLine;
using Sweep.Training.Data.Images;
using Sweep.Training.Scoring;

namespace Sweep.Coordinator.Cli;

/// <summary>
/// <c>sweep data fetch mnist [--from DIR]</c>: the four MNIST files into the cache, SHA-256 checked,
/// and the Stacked MNIST scoring classifier trained once beside them, so no trial has to.
/// </summary>
public static class DataCommand
{
    public static Command Create() => new("data", "Datasets the image experiments need.") { Fetch() };

    private static Command Fetch()
    {
        var dataset = new Argument<string>("DATASET") { Description = "mnist (CIFAR-10 is read from the folder given with --data-dir)." };
        var from = new Option<string>("--from") { Description = "A folder holding the four MNIST IDX files (or their .gz) to copy instead of downloading." };
        var noClassifier = new Option<bool>("--no-classifier") { Description = "Only fetch the files; the first Stacked MNIST trial trains the classifier." };
        var command = new Command("fetch", "Fetch a dataset into the cache (SWEEP_CACHE_DIR, else ~/.cache/sweep) and check its hashes.")
        {
            dataset, from, noClassifier,
        };
        command.SetAction((parse, cancellation) =>
        {
            var name = parse.GetValue(dataset)!.Trim().ToLowerInvariant();
            if (name == "cifar10")
                throw new UsageException($"DATASET: cifar10 is not fetched by Sweep. {Cifar10Files.WhereToGetIt}");
            if (name != "mnist")
                throw new UsageException($"DATASET: '{name}' is not accepted; use: mnist.");

            var locations = DataLocations.FromEnvironment();
            new MnistFetcher(locations, Console.Error.WriteLine).Fetch(parse.GetValue(from), cancellation);
            if (!parse.GetValue(noClassifier))
            {
                var classifier = ScoringClassifier.Get(locations, say: Console.Error.WriteLine, cancellation: cancellation);
                Console.Out.WriteLine($"MNIST is ready in {locations.MnistDir}; the scoring classifier ({classifier.TestAccuracy:P2} test accuracy) is {classifier.Path}.");
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
