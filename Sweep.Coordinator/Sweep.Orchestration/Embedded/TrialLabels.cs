using Sweep.Orchestration.Coordination;
using Sweep.Training.Specs;

namespace Sweep.Orchestration.Embedded;

/// <summary>"ring/gan/covering/multimodal/seed 3" for a trial, parsed from its spec once.</summary>
public sealed class TrialLabels
{
    private readonly Dictionary<string, string> _labels = [];

    public string Of(TrialStatus trial)
    {
        if (!_labels.TryGetValue(trial.Id, out var label))
            _labels[trial.Id] = label = TrialSpec.FromJson(trial.Spec).Label;
        return label;
    }
}
