using System.CommandLine;
using Sweep.Coordinator.Reports;

namespace Sweep.Coordinator.Cli;

/// <summary><c>sweep export NAME --format md|csv|latex|json [--out FILE]</c>: the sweep's tables, to stdout or a file.</summary>
public static class ExportCommand
{
    private static readonly string[] Formats = ["md", "csv", "latex", "json"];

    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The sweep's name (its sweep file's 'name')." };
        var format = new Option<string>("--format") { Description = "md, csv, latex or json.", Required = true };
        format.AcceptOnlyFromAmong(Formats);
        var groups = new Option<bool>("--groups") { Description = "With --format csv: one row per group (all axes but the seed) instead of one per trial." };
        var output = new Option<string?>("--out") { Description = "Write to this file (replaced whole, never half-written) instead of stdout." };
        var database = DatabaseOption.Create();
        var command = new Command("export", "Export a sweep's per-trial rows, per-group aggregates and the paper-style pivot.") { name, format, groups, output, database };

        command.SetAction(parse =>
        {
            using var store = DatabaseOption.OpenExisting(parse.GetValue(database)!);
            var report = SweepNames.Require(store, parse.GetValue(name)!);
            var text = parse.GetValue(format) switch
            {
                "md" => MarkdownExport.Render(report),
                "csv" => parse.GetValue(groups) ? CsvExport.Groups(report) : CsvExport.Trials(report),
                "latex" => LatexExport.Render(report),
                _ => JsonExport.Render(report),
            };
            if (parse.GetValue(output) is { } path) WriteWhole(path, text);
            else Console.Out.Write(text);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteWhole(string path, string text)
    {
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(Path.GetDirectoryName(full)))
            throw new UsageException($"--out: the folder of {path} does not exist.");
        AtomicFile.Write(full, System.Text.Encoding.UTF8.GetBytes(text));
    }
}
