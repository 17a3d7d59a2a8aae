using System.Diagnostics;
using Sweep.Store;

namespace Sweep.Tests.Support;

/// <summary>
/// Entry point of the test assembly when started as a child process (<c>dotnet Sweep.Tests.dll ROLE ...</c>),
/// so tests can SIGKILL a real process at a chosen moment. The test host never calls it.
/// </summary>
public static class ChildProcesses
{
    public static int Main(string[] args) => args switch
    {
        ["store-writer", var db] => StoreWriter(db),
        _ => 2,
    };

    /// <summary>Saves completed trials one batch at a time and prints "saved N" after each Save returns.</summary>
    private static int StoreWriter(string db)
    {
        using var store = SweepStore.Open(db);
        for (var i = 1; ; i++)
        {
            store.Save([new TrialRecord { Id = $"t{i}", State = TrialState.Completed, Modes = i }]);
            Console.Out.WriteLine($"saved {i}");
            Console.Out.Flush();
        }
    }

    /// <summary>Starts this assembly as a child in <paramref name="role"/>, stdout redirected.</summary>
    public static Process Start(params string[] roleAndArgs)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(ChildProcesses).Assembly.Location);
        foreach (var arg in roleAndArgs) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }
}
