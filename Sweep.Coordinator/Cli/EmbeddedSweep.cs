using Serilog;
using Spectre.Console;
using Sweep.Cluster.Hosting;
using Sweep.Orchestration.Coordination;
using Sweep.Orchestration.Embedded;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Cluster.Trials;
using Sweep.Training.Data.Images;
using Sweep.Training.Running;
using Sweep.Web;

namespace Sweep.Coordinator.Cli;

/// <summary>What <c>sweep run</c> and <c>sweep resume</c> share: run in-process, show it, sum it up.</summary>
public static class EmbeddedSweep
{
    public sealed record Request(SweepStore Store, string Name, string Yaml, string Source, bool Extend, int Slots, int ThreadsPerTrial, string ResumeHint, DataLocations Data)
    {
        public CheckpointCadence Checkpointing { get; init; } = CheckpointCadence.Default;

        /// <summary>Flush subnormal floats to zero on the trials' threads (<c>--keep-denormals</c> clears it).</summary>
        public bool FlushDenormals { get; init; } = true;

        /// <summary>Each slot's device (<see cref="SlotOptions.Devices"/>); all CPU when null.</summary>
        public IReadOnlyList<string>? Devices { get; init; }

        /// <summary>Where to serve the dashboard while the sweep runs; null: nowhere.</summary>
        public DashboardSettings? Http { get; init; }
    }

    public static async Task<int> RunAsync(Request request, CancellationToken cancellation)
    {
        ThreadsOption.Apply(request.ThreadsPerTrial);
        using var log = SweepLogging.CreateLogger();
        Log.Logger = log;   // Akka's own log lines go through the static logger
        var metrics = new SweepMetrics();
        var options = new EmbeddedOptions
        {
            Slots = request.Slots, Devices = request.Devices, Trainer = new TorchTrialTrainer(request.Data), Entity = new TrialEntitySettings { Checkpointing = request.Checkpointing, FlushDenormals = request.FlushDenormals },
            Coordinator = new CoordinatorSettings { Observer = metrics },
            Attach = async (system, coordinator) => await ServedDashboard.StartAsync(request.Http, system, coordinator, metrics, request.Store.Path, log),
        };
        var submit = new SubmitSweep(request.Yaml, request.Source, request.Extend);

        log.Information("Running on {Slots} slot(s) x {Threads} torch thread(s); database {Database}", request.Slots, request.ThreadsPerTrial, request.Store.Path);
        var outcome = await SweepConsole.ShowAsync(log, view => SweepRun.RunAsync(request.Store, options, submit, view, cancellation));
        return SweepConsole.Conclude(outcome, request.ResumeHint,
            $"sweep export {request.Name} --format md|csv|latex|json --db {request.Store.Path}",
            $"sweep report {request.Name} --db {request.Store.Path}");
    }
}
