using System.Runtime.InteropServices;

namespace Sweep.Cluster.Hosting;

/// <summary>
/// SIGTERM (kill, container stop, scale-down) and Ctrl-C ask the process to stop cleanly: the
/// token is cancelled and the work winds down for as long as it needs (checkpoints, hand-over,
/// draining). A second signal ends the process at once.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _sigterm;
    private readonly PosixSignalRegistration _sigint;

    public StopSignals()
    {
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
    }

    public CancellationToken Token => _stop.Token;

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = !_stop.IsCancellationRequested;   // the second one takes its default course
        _stop.Cancel();
    }

    public void Dispose()
    {
        _sigterm.Dispose();
        _sigint.Dispose();
        _stop.Dispose();
    }
}
