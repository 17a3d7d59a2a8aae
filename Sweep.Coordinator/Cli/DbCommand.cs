using System.CommandLine;
using System.Globalization;
using Sweep.Store;

namespace Sweep.Coordinator.Cli;

/// <summary>
/// <c>sweep db check</c>: read every record of a database, read-only, and say what is damaged;
/// <c>sweep db salvage --to NEW</c>: copy every readable record into a new database. Neither
/// changes the file it reads.
/// </summary>
public static class DbCommand
{
    private const int ProblemsShown = 20;

    public static Command Create() => new("db", "Check a sweep database, or salvage what is readable from a damaged one.") { Check(), Salvage() };

    private static Command Check()
    {
        var database = DatabaseOption.Create();
        var command = new Command("check", "Read every sweep, trial, trace and checkpoint (read-only); exit 2 if any cannot be read.") { database };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(database)!;
            var readout = DatabaseSalvage.Read(path);
            Console.Out.WriteLine($"{path}: {Counts(readout)} readable.");
            if (readout.Problems.Count == 0) return ExitCodes.Ok;

            ShowProblems(readout);
            Console.Error.WriteLine($"sweep: {path} is damaged; 'sweep db salvage --db {path} --to NEW' copies what is readable into a new database.");
            return ExitCodes.BadInput;
        });
        return command;
    }

    private static Command Salvage()
    {
        var database = DatabaseOption.Create();
        var target = new Option<string>("--to") { Description = "The new database to write (must not exist).", Required = true };
        var command = new Command("salvage", "Copy every readable record of a database into a new one; the damaged file is left as it is.") { database, target };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(database)!;
            var to = parse.GetValue(target)!;
            if (string.IsNullOrWhiteSpace(to))
                throw new UsageException("--to: empty; give the path of a new database file.");
            var readout = DatabaseSalvage.Read(path);
            DatabaseSalvage.Write(readout, to);
            ShowProblems(readout);
            Console.Out.WriteLine($"{to}: {Counts(readout)} copied from {path}, which is unchanged. Unreadable trials run again on 'sweep resume NAME --db {to}'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Counts(SalvageReadout readout) => string.Create(CultureInfo.InvariantCulture,
        $"{readout.Sweeps.Count} sweep(s), {readout.Trials.Count} trial(s), {readout.Traces.Count} trace(s), {readout.Checkpoints.Count} checkpoint(s)");

    private static void ShowProblems(SalvageReadout readout)
    {
        foreach (var problem in readout.Problems.Take(ProblemsShown))
            Console.Error.WriteLine($"  unreadable: {problem}");
        if (readout.Problems.Count > ProblemsShown)
            Console.Error.WriteLine($"  … and {readout.Problems.Count - ProblemsShown} more.");
    }
}
