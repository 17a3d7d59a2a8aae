using System.Text.Json;
using System.Text.Json.Nodes;
using Sweep.Store;
using Sweep.Training.Running;
using Sweep.Training.Tracing;

namespace Sweep.Reporting;

/// <summary>
/// Each finished trial's scores during training (its trace's evaluation points), as the JSON export
/// carries them under a trial's <c>scores</c>: a sweep moved to another machine by export and import
/// keeps the curves that show whether its scores had settled. Snapshots and losses stay behind
/// (tens of kilobytes a trial); the curve is a few hundred bytes.
/// </summary>
public static class ScoreCurves
{
    /// <summary>
    /// The curves of the sweep's finished trials that have a trace with scores, by trial id. A trace
    /// that does not read costs its trial the curve, not the export its results.
    /// </summary>
    /// <param name="traceOf">A trial's stored trace bytes (<see cref="TraceFormat"/>); null when it has none.</param>
    /// <param name="unreadable">Told of each trial whose stored trace does not read.</param>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<EvaluationPoint>>> OfAsync(
        SweepReport report, Func<string, Task<byte[]?>> traceOf, Action<string, InvalidDataException> unreadable)
    {
        var curves = new Dictionary<string, IReadOnlyList<EvaluationPoint>>();
        foreach (var trial in report.Trials.Where(t => t.State.IsFinal()))
        {
            try
            {
                if (await traceOf(trial.Id) is { } bytes && TraceFormat.Read(bytes).Evaluations is { Count: > 0 } points)
                    curves[trial.Id] = points;
            }
            catch (InvalidDataException e)
            {
                unreadable(trial.Id, e);
            }
        }

        return curves;
    }

    /// <summary>Points as the export writes them: the iteration, then the metrics under the keys a trial's own results use.</summary>
    public static JsonArray Json(IReadOnlyList<EvaluationPoint> points) => new(points.Select(point =>
    {
        var json = new JsonObject { ["iteration"] = point.Iteration };
        foreach (var (key, value) in JsonSerializer.SerializeToNode(point.Metrics, PublicJson.Options)!.AsObject())
            json[key] = value?.DeepClone();
        return (JsonNode?)json;
    }).ToArray());

    /// <summary>Points as <see cref="Json"/> wrote them.</summary>
    /// <exception cref="FormatException">Not such a list; the message says what is wrong.</exception>
    public static IReadOnlyList<EvaluationPoint> Read(JsonNode node)
    {
        if (node is not JsonArray array) throw new FormatException("not a list of score points");
        var points = new List<EvaluationPoint>();
        foreach (var (point, index) in array.Select((p, i) => (p, i)))
        {
            try
            {
                var iteration = (int)point!["iteration"]!;
                var metrics = point.Deserialize<TrialMetrics>(PublicJson.Options) ?? throw new FormatException("null");
                points.Add(new EvaluationPoint(iteration, metrics));
            }
            catch (Exception e) when (e is InvalidOperationException or NullReferenceException or JsonException or FormatException)
            {
                throw new FormatException($"point {index} is not a score point ({e.Message.TrimEnd('.')}); expected an object with \"iteration\" and the trial's metric keys");
            }
        }

        if (points.Zip(points.Skip(1)).Any(p => p.Second.Iteration <= p.First.Iteration))
            throw new FormatException("the points' iterations do not increase");
        return points;
    }

    /// <summary>A trace that holds only the curve: what an imported trial keeps of its course.</summary>
    public static TrialTrace AsTrace(IReadOnlyList<EvaluationPoint> points) => new([], points, null, null);
}
