using System.CommandLine;
using Sweep.Reporting;

namespace Sweep.Coordinator.Cli;

/// <summary>
/// <c>sweep compare NAME --axis init|noise|method|dataset [--metric modes|high_quality|kl|ivom]</c>:
/// each level of one axis against the others, every other axis held fixed (<see cref="AxisComparison"/>).
/// </summary>
public static class CompareCommand
{
    private static readonly string[] Formats = ["md", "csv", "json"];

    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The sweep's name (its sweep file's 'name')." };
        var axis = new Option<string>("--axis") { Description = "The axis whose levels are compared: init, noise, method or dataset.", Required = true };
        axis.AcceptOnlyFromAmong([.. Enum.GetNames<Axis>().Select(a => a.ToLowerInvariant())]);
        var metric = new Option<string>("--metric") { Description = "modes, high_quality, kl or ivom (default modes).", DefaultValueFactory = _ => "modes" };
        metric.AcceptOnlyFromAmong([.. SeedMetrics.ByOption.Keys]);
        var format = new Option<string>("--format") { Description = "md (default), csv or json.", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string?>("--out") { Description = "Write to this file (replaced whole, never half-written) instead of stdout." };
        var source = SweepSource.Options.Create();
        var command = new Command("compare",
            "Compare the levels of one axis with every other axis held fixed: difference of means and probability of improvement with bootstrap CIs, Mann-Whitney U, Holm-corrected.")
            { name, axis, metric, format, output };
        foreach (var option in source.All) command.Add(option);

        command.SetAction(parse =>
        {
            var (sweepName, chosenAxis, chosenMetric) = (parse.GetValue(name)!, Enum.Parse<Axis>(parse.GetValue(axis)!, ignoreCase: true), SeedMetrics.ByOption[parse.GetValue(metric)!]);
            using var sweeps = SweepSource.Open(parse, source);
            var report = sweeps.Require(sweepName);
            var comparison = Compare(report, chosenAxis, chosenMetric);
            var text = parse.GetValue(format) switch
            {
                "csv" => SeedStatisticsText.Csv(comparison),
                "json" => new System.Text.Json.Nodes.JsonObject
                {
                    [PublicJson.VersionKey] = PublicJson.SchemaVersion, ["sweep"] = sweepName, ["comparison"] = SeedStatisticsText.Json(comparison),
                }.ToJsonString(PublicJson.Options),
                _ => SeedStatisticsText.Markdown(comparison, $"# Sweep {sweepName}: {comparison.Title}"),
            };
            if (parse.GetValue(output) is { } path) ExportCommand.WriteWhole(path, text);
            else Console.Out.Write(text);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The comparison, or a usage error naming what the sweep has when there is nothing to compare.</summary>
    private static AxisComparison Compare(SweepReport report, Axis axis, SeedMetric metric)
    {
        var option = axis.ToString().ToLowerInvariant();
        var levels = report.Groups.Select(g => AxisComparison.LevelOf(g, axis)).Distinct().ToList();
        if (levels.Count < 2)
            throw new UsageException($"--axis {option}: sweep '{report.Sweep.Name}' has one {option} ({string.Join(", ", levels)}); " +
                                     $"axes it varies: {string.Join(", ", AxisComparison.Varying(report).Select(a => a.ToString().ToLowerInvariant()).DefaultIfEmpty("none"))}.");
        var measured = SeedMetrics.ByOption.Where(m => report.Groups.Any(g => g.SeedValues.GetValueOrDefault(m.Value) is { Length: > 0 })).Select(m => m.Key).ToList();
        if (!measured.Contains(metric.Name()))
            throw new UsageException($"--metric {metric.Name()}: no completed trial of sweep '{report.Sweep.Name}' has it; " +
                                     (measured.Count == 0 ? "no trial has completed yet." : $"it has: {string.Join(", ", measured)}."));
        return AxisComparison.Of(report, axis, metric);
    }
}
