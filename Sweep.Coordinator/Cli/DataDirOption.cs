using System.CommandLine;
using Sweep.Training.Data;
using Sweep.Training.Data.Images;
using Sweep.Training.Specs;

namespace Sweep.Coordinator.Cli;

/// <summary><c>--data-dir</c>: where datasets the user downloaded (CIFAR-10) live; MNIST comes from the cache.</summary>
public static class DataDirOption
{
    public static Option<string?> Create() => new("--data-dir")
    {
        Description = "Folder with datasets Sweep does not fetch (CIFAR-10's binary release); default SWEEP_DATA_DIR.",
    };

    public static DataLocations Resolve(ParseResult parse, Option<string?> option) => DataLocations.With(parse.GetValue(option));

    /// <summary>Refuses, before anything runs or is written, a grid whose image data is not on this machine.</summary>
    public static void CheckAvailable(IEnumerable<TrialSpec> grid, DataLocations locations)
    {
        foreach (var dataset in grid.Select(t => t.Dataset).Distinct())
            DatasetFactory.CheckAvailable(dataset, locations);
    }
}
