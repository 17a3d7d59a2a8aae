using System.CommandLine;
using Sweep.Store;
using Spectre.Console;
using Sweep.Orchestration.Sweeps;
using Sweep.Cluster.Hosting;
using Sweep.Training.Specs;

namespace Sweep.Coordinator.Cli;

/// <summary>
/// <c>sweep run FILE</c>: runs a sweep in this process (coordinator and one node), or resumes it
/// when the database already has it. <c>--dry-run</c> only expands and validates the grid.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A sweep file (YAML), e.g. sweeps/quick.yaml." };
        var database = DatabaseOption.Create();
        var slots = SlotOptions.Slots();
        var threads = SlotOptions.ThreadsPerTrial();
        var device = SlotOptions.Device();
        var keepDenormals = KeepDenormalsOption.Create();
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and expand the grid, print the trial count and a sample; run and write nothing." };
        var extend = new Option<bool>("--extend") { Description = "The sweep's grid changed: keep its completed results and add the new trials." };
        var dataDir = DataDirOption.Create();
        var checkpointEvery = CheckpointOption.Create();
        var http = HttpOption.Create(HttpOption.EmbeddedDefault, ": a free loopback port, printed");
        var cluster = new ClusterCommandOptions(defaultBind: "127.0.0.1:0", seedOption: "--cluster");
        var command = new Command("run", "Run a sweep in this process, or resume it; with --cluster HOST:PORT, on a running cluster.")
        {
            file, database, slots, threads, device, keepDenormals, dryRun, extend, dataDir, checkpointEvery, http,
        };
        foreach (var option in cluster.All.Where(o => o != cluster.Seed)) option.Hidden = true;   // only with --cluster; 'sweep submit --help' lists them
        foreach (var option in cluster.All) command.Add(option);

        command.SetAction(async (parse, cancellation) =>
        {
            var path = parse.GetValue(file)!;
            var definition = Read(path);
            var grid = SweepGrid.Expand(definition);
            if (parse.GetValue(dryRun))
            {
                PrintDryRun(definition, grid);
                return ExitCodes.Ok;
            }

            var settings = cluster.Settings(parse);
            if (settings.String(cluster.Seed) is not null)
                return await ClusterSweep.RunAsync(
                    new ClusterSweep.Request(path, File.ReadAllText(path), parse.GetValue(extend), cluster.Resolve(settings), Follow: true), cancellation);

            var locations = DataDirOption.Resolve(parse, dataDir);
            DataDirOption.CheckAvailable(grid, locations);
            MemoryCheck.RequireFits(grid, path);
            var db = parse.GetValue(database)!;
            var cadence = CheckpointOption.Resolve(parse.GetValue(checkpointEvery));
            var serve = HttpOption.Resolve(parse.GetValue(http), HttpOption.EmbeddedDefault,
                settings.String(cluster.Cert) is { } cert ? ClusterTls.Load(cert, settings.String(cluster.CertPassword)) : null);
            var (slotCount, threadCount) = SlotOptions.Resolve(parse.GetValue(slots), parse.GetValue(threads), definition.Concurrency);
            var devices = SlotOptions.Devices(parse.GetValue(device), slotCount);
            using var store = SweepStore.Open(db);
            return await EmbeddedSweep.RunAsync(
                new EmbeddedSweep.Request(store, definition.Name, File.ReadAllText(path), path, parse.GetValue(extend), slotCount, threadCount, $"sweep run {path} --db {db}", locations) { Checkpointing = cadence, Http = serve, Devices = devices, FlushDenormals = !parse.GetValue(keepDenormals) },
                cancellation);
        });
        return command;
    }

    internal static SweepDefinition Read(string path) => SweepFileReader.ReadFile(path);

    private static void PrintDryRun(SweepDefinition definition, IReadOnlyList<TrialSpec> grid)
    {
        AnsiConsole.WriteLine($"sweep {definition.Name}: {grid.Count} trials " +
                              $"({definition.Seeds.Count} seeds x {definition.Datasets.Count} datasets x {definition.Methods.Count} methods x " +
                              $"{definition.Inits.Count} inits x {definition.Noises.Count} noises), fingerprint {SweepGrid.Fingerprint(grid)}");
        if (definition.Adaptive is { } adaptive)
            AnsiConsole.WriteLine($"adaptive seeds: {adaptive}; up to {grid.Count / definition.Seeds.Count * adaptive.Max} trials in all");
        var table = new Table().AddColumns("trial", "dataset/method/init/noise/seed", "preset", "iterations");
        const int sample = 8;
        foreach (var spec in grid.Take(sample))
            table.AddRow(spec.TrialId, Markup.Escape(spec.Label), spec.Preset, spec.Iterations.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        if (grid.Count > sample) AnsiConsole.WriteLine($"... and {grid.Count - sample} more. Nothing was run or written.");
        else AnsiConsole.WriteLine("Nothing was run or written.");
    }
}
