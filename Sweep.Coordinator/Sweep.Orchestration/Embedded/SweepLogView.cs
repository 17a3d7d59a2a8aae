using Serilog;
using Sweep.Orchestration.Coordination;
using Sweep.Reporting;
using Sweep.Store;

namespace Sweep.Orchestration.Embedded;

/// <summary>One structured log line per trial state change, for runs not attached to a terminal.</summary>
public sealed class SweepLogView(ILogger log) : ISweepView
{
    private readonly TrialLabels _labels = new();

    public void Accepted(SweepAccepted accepted)
    {
        foreach (var change in accepted.Changes) log.Information("Sweep {Sweep} extended: {Change}", accepted.Name, change);
        log.Information("Sweep {Sweep}: {Total} trials, {Completed} completed before, {ToRun} to run ({FromCheckpoint} from checkpoints)",
            accepted.Name, accepted.Total, accepted.Counts.GetValueOrDefault(TrialState.Completed), accepted.Unfinished, accepted.FromCheckpoint);
    }

    public void Changed(TrialChanged change)
    {
        var t = change.Trial;
        switch (t.State)
        {
            case TrialState.Completed:
                log.Information("Trial {TrialId} {Label} completed: {Metrics}, {Seconds:F1} s", t.Id, _labels.Of(t), MetricsText.Of(t.Metrics!), t.Seconds);
                break;
            case TrialState.Failed or TrialState.Abandoned:
                log.Warning("Trial {TrialId} {Label} {State}: {Error}", t.Id, _labels.Of(t), t.State, t.Error);
                break;
            case TrialState.Pending when change.Previous is TrialState.Dispatched or TrialState.Running:
                log.Information("Trial {TrialId} {Label} pending again at iteration {Iteration}: {Reason}",
                    t.Id, _labels.Of(t), t.Iteration, t.Error ?? "stopped");
                break;
            // The node picks the checkpoint, so a dispatched attempt has no start iteration of its own yet
            // (the record still holds the previous attempt's).
            case TrialState.Dispatched:
                log.Information("Trial {TrialId} {Label} Dispatched attempt {Attempt} to {Node}", t.Id, _labels.Of(t), t.Attempt, t.Node);
                break;
            case TrialState.Running:
                log.Information("Trial {TrialId} {Label} Running attempt {Attempt} on {Node} from iteration {StartIteration}",
                    t.Id, _labels.Of(t), t.Attempt, t.Node, t.StartIteration);
                break;
        }
    }

    public void Progressed(TrialProgressed progress)
    {
    }
}
