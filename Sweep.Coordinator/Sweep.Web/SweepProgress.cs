using Sweep.Orchestration.Live;
using Sweep.Store;

namespace Sweep.Web;

/// <summary>
/// A sweep's trials counted by state, and when it should finish. The estimate takes the mean
/// training time of its completed trials as each unfinished trial's cost (a running one's
/// minus the part done, by its last heartbeat) and divides the remaining work by the trials running
/// now; none until a trial has completed.
/// </summary>
public sealed record SweepProgress(int Total, int Completed, int Running, int Pending, int Failed, int Abandoned, double? EtaSeconds)
{
    public int Finished => Completed + Failed + Abandoned;

    public static SweepProgress Of(LiveSweep sweep, LiveState state)
    {
        int completed = 0, running = 0, pending = 0, failed = 0, abandoned = 0;
        double completedSeconds = 0, runningDone = 0;
        foreach (var trial in sweep.Trials.Values)
        {
            switch (trial.State)
            {
                case TrialState.Completed:
                    completed++;
                    completedSeconds += trial.Seconds;
                    break;
                case TrialState.Running or TrialState.Dispatched:
                    running++;
                    if (state.Progress.GetValueOrDefault(trial.Id) is { Iterations: > 0 } heard) runningDone += Math.Clamp(heard.Iteration / (double)heard.Iterations, 0, 1);
                    break;
                case TrialState.Pending: pending++; break;
                case TrialState.Failed: failed++; break;
                case TrialState.Abandoned: abandoned++; break;
            }
        }

        double? eta = null;
        if (pending + running == 0) eta = 0;
        else if (completed > 0 && running > 0) eta = (pending + running - runningDone) * (completedSeconds / completed) / running;
        return new SweepProgress(sweep.Trials.Count, completed, running, pending, failed, abandoned, eta);
    }

    /// <summary>"3 h 05 min", "12 min", "40 s"; "unknown" before any trial completed.</summary>
    public string EtaText => EtaSeconds switch
    {
        null => "unknown until a trial completes",
        0 => Running + Pending == 0 ? "done" : "unknown",
        < 60 => $"{EtaSeconds:F0} s",
        < 3600 => $"{EtaSeconds / 60:F0} min",
        _ => $"{Math.Floor(EtaSeconds.Value / 3600):F0} h {EtaSeconds.Value % 3600 / 60:00} min",
    };
}
