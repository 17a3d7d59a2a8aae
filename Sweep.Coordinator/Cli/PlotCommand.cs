using System.CommandLine;
using Sweep.Reporting.Pictures;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Training.Specs;

namespace Sweep.Coordinator.Cli;

/// <summary><c>sweep plot TRIAL_ID [--out DIR]</c>: one trial's pictures as PNG files, from its stored trace.</summary>
public static class PlotCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("TRIAL_ID") { Description = "The trial's id, or a unique start of it (sweep export NAME --format md lists them)." };
        var output = new Option<string>("--out") { Description = "Folder for the PNG files (default: the current folder).", DefaultValueFactory = _ => "." };
        var database = DatabaseOption.Create();
        var command = new Command("plot", "Draw one trial's pictures: LO17 Figure 1 panels at its start and end, and its training curves.") { id, output, database };

        command.SetAction(parse =>
        {
            var folder = parse.GetValue(output)!;
            if (!Directory.Exists(folder)) throw new UsageException($"--out: the folder {folder} does not exist.");
            using var store = SweepStore.OpenReadOnly(parse.GetValue(database)!);
            var trial = RequireTrial(store, parse.GetValue(id)!);
            var trace = StoredTraces.Find(store, trial) ?? throw new UsageException(StoredTraces.Missing(trial));

            foreach (var picture in TrialPictures.Render(TrialSpec.FromJson(trial.Spec), trace))
            {
                var path = Path.Combine(folder, $"{trial.Id}-{picture.Suffix}.png");
                AtomicFile.Write(path, picture.Png);
                Console.WriteLine($"{path}  ({picture.Caption})");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static TrialRecord RequireTrial(SweepStore store, string id)
    {
        if (store.FindTrial(id) is { } exact) return exact;
        var matches = store.TrialIdsStartingWith(id);
        return matches.Count switch
        {
            1 => store.FindTrial(matches[0])!,
            0 => throw new UsageException($"TRIAL_ID: no trial '{id}' in {store.Path}. 'sweep export NAME --format md --db {store.Path}' lists a sweep's trial ids."),
            _ => throw new UsageException($"TRIAL_ID: '{id}' starts {matches.Count} trials in {store.Path} ({string.Join(", ", matches.Take(5))}{(matches.Count > 5 ? ", ..." : "")}); give more of it."),
        };
    }
}
