using System.CommandLine;
using Serilog;
using Sweep.Cluster.Hosting;
using Sweep.Cluster.Trials;
using Sweep.Training.Data.Images;
using Sweep.Training.Running;

namespace Sweep.Node.Cli;

/// <summary>
/// <c>sweep-node</c>: a worker. It joins the cluster through <c>--seed</c>, offers <c>--slots</c>
/// slots to the coordinator and trains the trials it is given until SIGTERM, when its running
/// trials checkpoint and go back to the coordinator.
/// </summary>
public static class NodeCommand
{
    private const int BadInput = 2;

    public static RootCommand Build()
    {
        var cluster = new ClusterCommandOptions(defaultBind: "127.0.0.1:0");
        var slots = new Option<string>("--slots") { Description = "Trials trained at once (default 1)." };
        var device = new Option<string>("--device") { Description = "cpu (default), or the CUDA devices the slots share: cuda:0,cuda:1." };
        var threads = new Option<string>("--threads-per-trial") { Description = "Torch intra-op threads per trial (default: cores / slots, at least 1)." };
        var keepDenormals = KeepDenormalsOption.Create();
        var simulate = new Option<string>("--simulate")
        {
            Description = "Do not train: each trial takes this long (e.g. 1s), with progress and checkpoints. For cluster tests and benchmarks.",
        };
        var checkpointKb = new Option<string>("--simulate-checkpoint-kb")
        {
            Description = "With --simulate: each checkpoint's size in KiB (default 256; a DCGAN checkpoint at width 64 is about 80000).",
        };
        var probe = new Option<string>("--probe-coordinator")
        {
            Description = "For benchmarks: ping the coordinator this often (e.g. 100ms) and log each round trip.",
        };
        var checkpointEvery = new Option<string>("--checkpoint-every")
        {
            Description = "How often a running trial checkpoints, by wall time (default 5m; with --simulate, by iterations only).",
        };
        var checkpointMinIterations = new Option<string>("--checkpoint-min-iterations")
        {
            Description = "Never checkpoint a running trial more often than this many iterations (default 100; with --simulate, 250).",
        };
        var dataDir = new Option<string>("--data-dir") { Description = "Folder with datasets Sweep does not fetch (CIFAR-10's binary release)." };
        var command = new RootCommand("sweep-node: a Sweep worker. Joins the cluster and trains the trials the coordinator sends to its slots.")
        {
            slots, device, threads, keepDenormals, simulate, checkpointEvery, checkpointMinIterations, checkpointKb, probe, dataDir,
        };
        foreach (var option in cluster.All) command.Add(option);

        command.SetAction(async (parse, stop) =>
        {
            var settings = cluster.Settings(parse);
            var options = cluster.Resolve(settings);
            if (options.Seeds.Count == 0)
                throw new SettingsException($"{cluster.Seed.Name}: required: HOST:PORT of the coordinator (or {LayeredSettings.EnvironmentName(cluster.Seed)}).");
            var slotCount = settings.Int(slots, minimum: 1) ?? 1;
            var slotDevices = SlotDevices.Assign(settings.String(device) ?? "cpu", slotCount, device.Name);
            var simulated = settings.Duration(simulate);
            var checkpointBytes = checked(1024 * (settings.Int(checkpointKb, minimum: 1) ?? 256));
            ITrialTrainer trainer = simulated is { } duration ? new SimulatedTrainer(duration, checkpointBytes) : new TorchTrialTrainer(DataLocations.With(settings.String(dataDir)));
            if (simulated is null)
                TorchSharp.torch.set_num_threads(settings.Int(threads, minimum: 1) ?? Math.Max(1, Environment.ProcessorCount / slotCount));
            // A simulated trial lasts seconds: by default it checkpoints by iterations, so tests see periodic checkpoints.
            var cadence = new CheckpointCadence(
                settings.Duration(checkpointEvery) ?? (simulated is null ? CheckpointCadence.Default.Interval : TimeSpan.Zero),
                settings.Int(checkpointMinIterations, minimum: 1) ?? (simulated is null ? CheckpointCadence.Default.MinIterations : 250));
            await WorkerHost.RunAsync(new WorkerOptions
            {
                Cluster = options, SlotDevices = slotDevices, Trainer = trainer,
                Entity = new TrialEntitySettings { Checkpointing = cadence, FlushDenormals = !settings.Flag(keepDenormals) },
                ProbeCoordinatorEvery = settings.Duration(probe),
            }, stop);
            return 0;
        });
        return command;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        using var log = SweepLogging.CreateLogger();
        Log.Logger = log;
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"sweep-node: {error.Message}");
            return BadInput;
        }

        // Not System.CommandLine's handling: it ends the process 2 s after the signal, too soon to hand trials back.
        using var stop = new StopSignals();
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, stop.Token);
        }
        catch (SettingsException e)
        {
            Console.Error.WriteLine($"sweep-node: {e.Message}");
            return BadInput;
        }
    }
}
