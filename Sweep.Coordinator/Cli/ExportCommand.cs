using System.CommandLine;
using Sweep.Store;
using Sweep.Reporting;

namespace Sweep.Coordinator.Cli;

/// <summary><c>sweep export NAME --format md|csv|latex|json [--out FILE]</c>: the sweep's tables, to stdout or a file.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The sweep's name (its sweep file's 'name')." };
        var format = new Option<string>("--format") { Description = "md, csv, latex or json.", Required = true };
        format.AcceptOnlyFromAmong(SweepExports.Formats);
        var groups = new Option<bool>("--groups") { Description = "With --format csv: one row per group (all axes but the seed) instead of one per trial." };
        var output = new Option<string?>("--out") { Description = "Write to this file (replaced whole, never half-written) instead of stdout." };
        var compare = new Option<string?>("--compare")
        {
            Description = $"Set a paper's published numbers beside the sweep's, cell by cell, with a verdict: {string.Join(", ", PaperTable.Names)}. With --format csv the CSV is that comparison.",
        };
        var source = SweepSource.Options.Create();
        var command = new Command("export", "Export a sweep's per-trial rows, per-group aggregates and the paper-style pivot.") { name, format, groups, output, compare };
        foreach (var option in source.All) command.Add(option);

        command.SetAction(parse =>
        {
            var table = parse.GetValue(compare) is { } paper
                ? PaperTable.Find(paper) ?? throw new UsageException($"--compare: '{paper}' is not a paper table Sweep knows; known: {string.Join(", ", PaperTable.Names)}.")
                : null;
            if (table is not null && parse.GetValue(groups))
                throw new UsageException("--compare and --groups: a CSV holds one table; export the groups and the comparison separately.");
            using var sweeps = SweepSource.Open(parse, source);
            var text = sweeps.Export(parse.GetValue(name)!, parse.GetValue(format)!, table is null ? null : parse.GetValue(compare), parse.GetValue(groups));
            if (parse.GetValue(output) is { } path) WriteWhole(path, text);
            else Console.Out.Write(text);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static void WriteWhole(string path, string text)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new UsageException("--out: expected a file name.");
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new UsageException($"--out: {path} is a folder; give the name of the file to write.");
        if (!Directory.Exists(Path.GetDirectoryName(full)))
            throw new UsageException($"--out: the folder of {path} does not exist.");
        AtomicFile.Write(full, System.Text.Encoding.UTF8.GetBytes(text));
    }
}
