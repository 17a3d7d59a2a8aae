using Sweep.Store;
using Sweep.Training.Specs;

namespace Sweep.Reporting;

/// <summary>A trial with its axes spelled out, as every per-trial table shows it; <see cref="Stale"/>: defined before a change that concerns it.</summary>
public sealed record TrialRow(TrialRecord Record, string Dataset, string Method, string Init, string Noise, string Preset, int Seed, int Revision, bool Stale);

public static class TrialRows
{
    public static IEnumerable<TrialRow> Of(SweepReport report) => report.Trials.Select(Of);

    public static TrialRow Of(TrialRecord record)
    {
        var spec = ParsedSpecs.Of(record.Spec);
        return new TrialRow(record, AxisNames.Of(spec.Dataset), AxisNames.Of(spec.Method), AxisNames.Of(spec.Init),
            AxisNames.Of(spec.Noise), spec.Preset, spec.Seed, spec.Revision, Revisions.IsStale(spec));
    }
}
