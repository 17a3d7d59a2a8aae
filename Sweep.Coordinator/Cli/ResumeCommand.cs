using System.CommandLine;
using Sweep.Cluster.Hosting;
using Sweep.Orchestration.Sweeps;

namespace Sweep.Coordinator.Cli;

/// <summary><c>sweep resume NAME</c>: continues a stored sweep from the definition the database keeps; no file needed.</summary>
public static class ResumeCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The sweep's name." };
        var database = DatabaseOption.Create();
        var slots = SlotOptions.Slots();
        var threads = SlotOptions.ThreadsPerTrial();
        var device = SlotOptions.Device();
        var keepDenormals = KeepDenormalsOption.Create();
        var dataDir = DataDirOption.Create();
        var checkpointEvery = CheckpointOption.Create();
        var http = HttpOption.Create(HttpOption.EmbeddedDefault, ": a free loopback port, printed");
        var command = new Command("resume", "Continue a stored sweep: completed trials stay, interrupted ones resume from their checkpoints.")
        {
            name, database, slots, threads, device, keepDenormals, dataDir, checkpointEvery, http,
        };

        command.SetAction(async (parse, cancellation) =>
        {
            var db = parse.GetValue(database)!;
            var cadence = CheckpointOption.Resolve(parse.GetValue(checkpointEvery));
            var serve = HttpOption.Resolve(parse.GetValue(http), HttpOption.EmbeddedDefault, tls: null);
            using var store = DatabaseOption.OpenExisting(db);
            var sweep = SweepNames.RequireRecord(store, parse.GetValue(name)!);
            var source = $"{db}: stored definition of {sweep.Name}";
            var definition = SweepFileReader.Read(sweep.Definition, source);
            var locations = DataDirOption.Resolve(parse, dataDir);
            var grid = SweepGrid.Expand(definition);
            DataDirOption.CheckAvailable(grid, locations);
            MemoryCheck.RequireFits(grid, source);
            var (slotCount, threadCount) = SlotOptions.Resolve(parse.GetValue(slots), parse.GetValue(threads), definition.Concurrency);
            var devices = SlotOptions.Devices(parse.GetValue(device), slotCount);
            return await EmbeddedSweep.RunAsync(
                new EmbeddedSweep.Request(store, sweep.Name, sweep.Definition, source, Extend: false, slotCount, threadCount, $"sweep resume {sweep.Name} --db {db}", locations) { Checkpointing = cadence, Http = serve, Devices = devices, FlushDenormals = !parse.GetValue(keepDenormals) },
                cancellation);
        });
        return command;
    }
}
