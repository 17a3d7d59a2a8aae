using System.CommandLine;
using System.Runtime.InteropServices;
using Sweep.Node.Hosting;

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
        TrialCommand.Create(),
        BenchCommand.Create(),
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

        // Ctrl-C is handled by System.CommandLine; SIGTERM (kill, container stop) must stop work the same way.
        using var terminated = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            terminated.Cancel();
        });
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, terminated.Token);
        }
        catch (Exception e) when (e is UsageException or SettingsException)
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
