using System.CommandLine;
using Sweep.Node.Hosting;
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
        ResumeCommand.Create(),
        StatusCommand.Create(),
        ExportCommand.Create(),
        ReportCommand.Create(),
        PlotCommand.Create(),
        TrialCommand.Create(),
        BenchCommand.Create(),
        DataCommand.Create(),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"sweep: {error.Message}");
            Console.Error.WriteLine($"See '{string.Join(' ', CommandPath(parse))} --help'.");
            return ExitCodes.BadInput;
        }

        // Not System.CommandLine's handling: it ends the process 2 s after the signal, too soon for a drain.
        using var stop = new StopSignals();
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, stop.Token);
        }
        catch (Exception e) when (e is UsageException or SettingsException or DataException)
        {
            Console.Error.WriteLine($"sweep: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    private static Stack<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Push(result.Command is RootCommand ? "sweep" : result.Command.Name);
        return names;
    }
}
