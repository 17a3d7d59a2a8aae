using Sweep.Training.Specs;
using Sweep.Training.Tracing;

namespace Sweep.Reporting.Pictures;

/// <summary>One picture of a trial: its file name's suffix ("start", "end", "losses", "scores") and a caption.</summary>
public sealed record TrialPicture(string Suffix, string Caption, byte[] Png);

/// <summary>Every picture a trial's trace holds: the snapshots at both ends, then the curves.</summary>
public static class TrialPictures
{
    public static IReadOnlyList<TrialPicture> Render(TrialSpec spec, TrialTrace trace)
    {
        var pictures = new List<TrialPicture>();
        var name = $"{AxisNames.Of(spec.Method)}, {AxisNames.Of(spec.Init)} + {AxisNames.Of(spec.Noise)}, seed {spec.Seed}";
        if (trace.Initial is { } start)
            pictures.Add(new TrialPicture("start", $"start (after {(spec.Init == InitKind.Covering ? "covering init" : "initialisation")})", Snapshot(start, $"{name}, start")));
        if (trace.Final is { } end)
            pictures.Add(new TrialPicture("end", $"end ({end.Iteration} iterations)", Snapshot(end, $"{name}, {end.Iteration} it")));
        if (trace.Losses.Count > 0)
            pictures.Add(new TrialPicture("losses", "losses", CurvePictures.Losses(trace, $"{name}: losses")));
        if (trace.Evaluations.Any(e => e.Metrics.Modes is not null || e.Metrics.Kl is not null || e.Metrics.HighQuality is not null))
            pictures.Add(new TrialPicture("scores", "scores during training", CurvePictures.Scores(trace, $"{name}: scores")));
        return pictures;
    }

    public static byte[] Snapshot(TrialSnapshot snapshot, string title) => snapshot switch
    {
        PlaneSnapshot plane => PlanePicture.Render(plane, title),
        SampleGridSnapshot grid => SampleGridPicture.Render(grid),
        _ => throw new InvalidDataException($"a snapshot of unknown kind {snapshot.GetType().Name}"),
    };
}
