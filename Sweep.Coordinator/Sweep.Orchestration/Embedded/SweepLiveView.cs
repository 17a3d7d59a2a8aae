using Spectre.Console;
using Sweep.Orchestration.Coordination;
using Sweep.Store;

namespace Sweep.Orchestration.Embedded;

/// <summary>
/// The terminal view: one bar for the sweep (counts by state, ETA) and one per running trial with
/// its iteration and latest discriminator loss. Finished trials' bars disappear.
/// </summary>
public sealed class SweepLiveView(ProgressContext context) : ISweepView
{
    private readonly TrialLabels _labels = new();
    private readonly Dictionary<string, TrialState> _states = [];
    private readonly Dictionary<string, (ProgressTask Bar, string Label)> _bars = [];
    private ProgressTask? _sweep;
    private string _name = "";
    private int _total;
    private int _finishedBefore;

    public void Accepted(SweepAccepted accepted)
    {
        _name = accepted.Name;
        var finishedBefore = accepted.Total - accepted.Unfinished;
        _sweep = context.AddTask(Markup.Escape(accepted.Name), maxValue: Math.Max(1, accepted.Total));
        _sweep.Value = finishedBefore;
        _finishedBefore = finishedBefore;
        _total = accepted.Total;
        Describe();
    }

    public void Listed(SweepTrialsListed listed)
    {
        foreach (var id in listed.TrialIds) _states[id] = TrialState.Pending;
        Describe();
    }

    public void Changed(TrialChanged change)
    {
        var trial = change.Trial;
        if (!_states.ContainsKey(trial.Id)) return;   // another sweep's trial
        _states[trial.Id] = trial.State;
        if (trial.State is TrialState.Dispatched or TrialState.Running)
        {
            if (!_bars.ContainsKey(trial.Id))
            {
                var label = _labels.Of(trial);
                _bars[trial.Id] = (context.AddTask(Markup.Escape(label), maxValue: 1), label);
            }
        }
        else if (_bars.Remove(trial.Id, out var finished))
        {
            var bar = finished.Bar;
            bar.Value = bar.MaxValue;
            bar.StopTask();
        }

        Describe();
    }

    public void Progressed(TrialProgressed progress)
    {
        if (!_bars.TryGetValue(progress.TrialId, out var running)) return;
        var (bar, label) = running;
        if (progress.WaitingForSlot)
        {
            bar.Description = Markup.Escape($"{label}  waiting for a slot on its node");
            return;
        }

        if (progress.Iterations == 0) return;
        bar.MaxValue = progress.Iterations;
        bar.Value = progress.Iteration;
        var loss = progress.DiscriminatorLoss is { } d ? $"  D loss {d:F3}" : "";
        bar.Description = Markup.Escape($"{label}  {progress.Iteration}/{progress.Iterations}{loss}");
    }

    private void Describe()
    {
        if (_sweep is null) return;
        var counts = _states.Values.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        var failed = counts.GetValueOrDefault(TrialState.Failed) + counts.GetValueOrDefault(TrialState.Abandoned);
        _sweep.Value = _finishedBefore + counts.GetValueOrDefault(TrialState.Completed) + failed;
        _sweep.Description = $"[bold]{Markup.Escape(_name)}[/] {_sweep.Value:0}/{_total} finished · " +
            $"{counts.GetValueOrDefault(TrialState.Running) + counts.GetValueOrDefault(TrialState.Dispatched)} running · " +
            $"{counts.GetValueOrDefault(TrialState.Pending)} pending · " +
            $"{failed} failed";
    }
}
