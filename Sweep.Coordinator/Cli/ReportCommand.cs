using Sweep.Reporting.Html;
using System.CommandLine;
using Sweep.Store;
using Sweep.Reporting;

namespace Sweep.Coordinator.Cli;

/// <summary><c>sweep report NAME [--out DIR]</c>: a folder with one HTML page and its pictures.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The sweep's name (its sweep file's 'name')." };
        var output = new Option<string?>("--out") { Description = "The report's folder (default: ./NAME-report); an earlier report there is replaced." };
        var source = SweepSource.Options.Create();
        var command = new Command("report", "Write a sweep's report: spec, tables, charts with 95% CIs, per-seed plots and LO17 Figure 1 galleries, as one HTML page.")
        {
            name, output,
        };
        foreach (var option in source.All) command.Add(option);

        command.SetAction(parse =>
        {
            using var sweeps = SweepSource.Open(parse, source);
            var report = sweeps.Require(parse.GetValue(name)!);
            var written = ReportWriter.Write(report, sweeps.TraceOf, parse.GetValue(output) ?? $"{report.Sweep.Name}-report");
            foreach (var problem in written.Problems) Console.Error.WriteLine($"sweep: {problem}");
            Console.WriteLine($"{written.Page}: {written.Trials} trials, {written.Pictures} pictures, in {written.Elapsed.TotalSeconds:F1} s");
            return ExitCodes.Ok;
        });
        return command;
    }
}
