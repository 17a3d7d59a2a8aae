using System.CommandLine;
using Spectre.Console;
using Sweep.Orchestration.Sweeps;
using Sweep.Reporting;
using Sweep.Store;

namespace Sweep.Coordinator.Cli;

/// <summary><c>sweep status [NAME]</c>: the database's sweeps with their trials counted by state, and every failure with its reason.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("NAME") { Description = "One sweep (default: all).", Arity = ArgumentArity.ZeroOrOne };
        var source = SweepSource.Options.Create();
        var command = new Command("status", "Show sweeps, their trials by state and failures with reasons.") { name };
        foreach (var option in source.All) command.Add(option);

        command.SetAction(parse =>
        {
            using var sweeps = SweepSource.Open(parse, source);
            var reports = parse.GetValue(name) is { } one ? [sweeps.Require(one)] : sweeps.All();
            if (reports.Count == 0)
            {
                AnsiConsole.WriteLine($"{sweeps.Name} holds no sweeps.");
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("sweep", "trials", "completed", "running", "pending", "failed", "abandoned", "created");
            var failures = new List<(string Sweep, TrialRecord Trial)>();
            foreach (var (sweep, trials) in reports)
            {
                var count = trials.GroupBy(t => t.State).ToDictionary(g => g.Key, g => g.Count());
                string N(params TrialState[] states) => states.Sum(count.GetValueOrDefault).ToString(System.Globalization.CultureInfo.InvariantCulture);
                table.AddRow(Markup.Escape(sweep.Name), trials.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    N(TrialState.Completed), N(TrialState.Running, TrialState.Dispatched), N(TrialState.Pending),
                    N(TrialState.Failed), N(TrialState.Abandoned), sweep.CreatedUtc.ToString("MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
                failures.AddRange(trials.Where(t => t.State is TrialState.Failed or TrialState.Abandoned).Select(t => (sweep.Name, t)));
            }

            AnsiConsole.Write(table);
            foreach (var (sweep, trials) in reports)
                if (AdaptiveProgress.Of(new SweepReport(sweep, trials)) is { } adaptive)
                {
                    // Plain lines, not a table: a console's width would fold the long group labels.
                    Console.Out.WriteLine($"{sweep.Name}: adaptive seeds, {adaptive.Rule}");
                    foreach (var row in adaptive.Rows())
                        Console.Out.WriteLine($"  {row[0]}: {row[1]} seed(s), {row[2]} completed, 95% CI half-width {row[3]} (target {row[4]}): {row[5]}");
                }

            foreach (var (sweep, trial) in failures)
                AnsiConsole.WriteLine($"{sweep} {trial.Id} {trial.State.ToString().ToLowerInvariant()} after {trial.Attempt} attempt(s): {trial.Error}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
