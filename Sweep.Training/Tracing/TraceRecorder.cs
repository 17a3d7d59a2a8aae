using Sweep.Training.Methods;
using Sweep.Training.Running;

namespace Sweep.Training.Tracing;

/// <summary>
/// Records a trial's <see cref="TrialTrace"/> while it trains: windowed mean losses, a few scores on
/// the way, and snapshots at the start and the end. Draws come from streams named after the
/// iteration they are taken at, so a resumed trial takes the scores and snapshots an uninterrupted
/// one would; only a loss window cut by the interruption averages just the iterations after it.
/// </summary>
public sealed class TraceRecorder
{
    private readonly TrialSession _session;
    private readonly int _iterations;
    private readonly int _lossEvery;
    private readonly HashSet<int> _evaluateAt;
    private readonly List<LossPoint> _losses;
    private readonly List<EvaluationPoint> _evaluations;
    private TrialSnapshot? _initial;
    private (double D, double G, int Count) _window;

    /// <param name="resumed">The trace a checkpoint carried; null when the trial starts afresh.</param>
    public TraceRecorder(TrialSession session, TraceOptions options, TrialTrace? resumed)
    {
        _session = session;
        _iterations = session.Spec.Iterations;
        _lossEvery = Math.Max(1, _iterations / Math.Max(1, options.LossPoints));
        var points = Math.Clamp(options.EvaluationPoints, 1, _iterations);
        _evaluateAt = Enumerable.Range(1, points).Select(k => (int)Math.Round((double)k * _iterations / points)).ToHashSet();
        _losses = [.. resumed?.Losses ?? []];
        _evaluations = [.. resumed?.Evaluations ?? []];
        _initial = resumed?.Initial;
    }

    /// <summary>The trace so far: what a checkpoint keeps and a failed trial reports.</summary>
    public TrialTrace Current => new(_losses.ToList(), _evaluations.ToList(), _initial, null);

    /// <summary>The game before adversarial training (after covering init, if any).</summary>
    public void Begin()
    {
        _initial = Snapshot(0);
        Evaluate(0);
    }

    public void Record(int iteration, IterationLosses losses)
    {
        _window = (_window.D + losses.Discriminator, _window.G + losses.Generator, _window.Count + 1);
        if (iteration % _lossEvery == 0 || iteration == _iterations)
        {
            _losses.Add(new LossPoint(iteration, _window.D / _window.Count, _window.G / _window.Count));
            _window = default;
        }

        // The last point is the final evaluation, which Finish adds.
        if (_evaluateAt.Contains(iteration) && iteration < _iterations) Evaluate(iteration);
    }

    public TrialTrace Finish(int iteration, TrialMetrics final)
    {
        _evaluations.Add(new EvaluationPoint(iteration, final));
        return new TrialTrace(_losses.ToList(), _evaluations.ToList(), _initial, Snapshot(iteration));
    }

    private void Evaluate(int iteration)
    {
        using var random = SeedStreams.For(_session.Spec.Seed, $"{SeedStreams.Progress}-{iteration}");
        _evaluations.Add(new EvaluationPoint(iteration, _session.EvaluateProgress(random)));
    }

    private TrialSnapshot Snapshot(int iteration)
    {
        using var random = SeedStreams.For(_session.Spec.Seed, $"{SeedStreams.Snapshot}-{iteration}");
        return Snapshots.Take(_session.Data, _session.Method, _session.Noise, iteration, random);
    }
}
