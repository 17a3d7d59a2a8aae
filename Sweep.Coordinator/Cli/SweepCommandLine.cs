using System.CommandLine;
using Sweep.Orchestration.Coordination;
using Sweep.Orchestration.Sweeps;
using Sweep.Reporting.Html;
using Sweep.Cluster.Hosting;
using Sweep.Store;
using Sweep.Training.Data.Images;

namespace Sweep.Coordinator.Cli;

/// <summary>The <c>sweep</c> command tree. Bad input exits with <see cref="ExitCodes.BadInput"/> and one clear message.</summary>
public static class SweepCommandLine
{
    public static RootCommand Build() => new("Sweep: GAN mode-collapse studies across seeds, methods and datasets.")
    {
        RunCommand.Create(),
        SubmitCommand.Create(),
        CoordinatorCommand.Create(),
        CertsCommand.Create(),
        DbCommand.Create(),
        ImportCommand.Create(),
        ResumeCommand.Create(),
        StatusCommand.Create(),
        ExportCommand.Create(),
        CompareCommand.Create(),
        ReportCommand.Create(),
        PlotCommand.Create(),
        TrialCommand.Create(),
        DataCommand.Create(),
    };

    public static Task<int> RunAsync(string[] args) => RunAsync(Build(), "sweep", args);

    /// <summary>Parses and runs <paramref name="root"/> (sweep's tree, or another tool's) with sweep's signal handling and exit codes.</summary>
    public static async Task<int> RunAsync(RootCommand root, string tool, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"{tool}: {error.Message}");
            Console.Error.WriteLine($"See '{string.Join(' ', CommandPath(parse, tool))} --help'.");
            return ExitCodes.BadInput;
        }

        // Not System.CommandLine's handling: it ends the process 2 s after the signal, too soon for a drain.
        using var stop = new StopSignals();
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, stop.Token);
        }
        // The one place that turns exceptions into exit codes: bad input, named, is exit 2 with no stack trace.
        catch (Exception e) when (e is UsageException or SettingsException or DataException or ReportException or SweepFileException or SweepRefusedException or StoreException)
        {
            Console.Error.WriteLine($"{tool}: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (StoreFailedException e)
        {
            Console.Error.WriteLine($"{tool}: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    private static Stack<string> CommandPath(ParseResult parse, string tool)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Push(result.Command is RootCommand ? tool : result.Command.Name);
        return names;
    }
}
