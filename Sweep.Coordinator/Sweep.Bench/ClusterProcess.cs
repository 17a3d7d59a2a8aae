using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Sweep.Bench;

/// <summary>
/// A real cluster process for the cluster benchmarks and the end-to-end tests: <c>sweep
/// coordinator</c>, <c>sweep-node</c> or a <c>sweep</c> client from this build's folder, with
/// settings passed through the environment as a user would set them. Every output line is kept;
/// callers wait for lines and stop processes with real signals.
/// </summary>
public sealed class ClusterProcess : IDisposable
{
    /// <summary>Short failure detection, for tests and the short-settings figures (the defaults are 10 s and 20 s).</summary>
    public static readonly IReadOnlyDictionary<string, string> ShortTimings = new Dictionary<string, string>
    {
        ["SWEEP_HEARTBEAT_PAUSE"] = "2s",
        ["SWEEP_STABLE_AFTER"] = "2s",
    };

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<DateTime> _arrivals = [];
    private readonly SemaphoreSlim _newLine = new(0);

    private ClusterProcess(string name, string dll, IReadOnlyDictionary<string, string>? environment, string[] args)
        : this(name, "dotnet", [Path.Combine(AppContext.BaseDirectory, dll), .. args], environment)
    {
    }

    private ClusterProcess(string name, string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        Name = name;
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines) return [.. _lines];
        }
    }

    /// <summary>Each line with the moment it arrived here (log lines carry whole seconds only).</summary>
    public IReadOnlyList<(DateTime At, string Line)> TimedLines
    {
        get
        {
            lock (_lines) return _arrivals.Zip(_lines).ToList();
        }
    }

    /// <summary>The process's peak resident memory so far (VmHWM), in bytes.</summary>
    public long PeakResidentBytes() =>
        File.ReadLines($"/proc/{_process.Id}/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024).Single();

    public static ClusterProcess Coordinator(string db, int port, IReadOnlyDictionary<string, string>? environment = null, params string[] extra) =>
        new("coordinator", "sweep.dll", environment, ["coordinator", "--db", db, "--bind", $"127.0.0.1:{port}", .. extra]);

    public static ClusterProcess Worker(string name, int coordinatorPort, int slots, string simulate, IReadOnlyDictionary<string, string>? environment = null, params string[] extra) =>
        new(name, "sweep-node.dll", environment, ["--seed", $"127.0.0.1:{coordinatorPort}", "--slots", $"{slots}", "--simulate", simulate, .. extra]);

    public static ClusterProcess Sweep(IReadOnlyDictionary<string, string>? environment, params string[] args) => new("sweep", "sweep.dll", environment, args);

    /// <summary><c>deploy/local-cluster.sh</c> (or any script) run by bash, using the binaries built beside this assembly.</summary>
    public static ClusterProcess Script(string path, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        new(Path.GetFileName(path), "bash", [path, "-b", AppContext.BaseDirectory, .. args], environment);

    /// <summary>A port nobody listens on now, for a coordinator that must come back on the same address.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits for a line matching <paramref name="pattern"/> (counting lines already seen).</summary>
    public Task<Match> WaitForLine(string pattern, TimeSpan timeout) => WaitForLines(pattern, 1, timeout);

    /// <summary>Waits until <paramref name="count"/> lines match <paramref name="pattern"/>; returns the last of them.</summary>
    public async Task<Match> WaitForLines(string pattern, int count, TimeSpan timeout)
    {
        var regex = new Regex(pattern);
        var deadline = DateTime.UtcNow + timeout;
        for (int seen = 0, found = 0; ;)
        {
            var lines = Lines;
            for (; seen < lines.Count; seen++)
                if (regex.Match(lines[seen]) is { Success: true } match && ++found == count) return match;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || (_process.HasExited && Lines.Count == seen))
                throw new TimeoutException($"{Name}: {found} of {count} line(s) matching /{pattern}/ within {timeout.TotalSeconds:0} s (exited: {_process.HasExited}). Its output:\n{string.Join('\n', Lines.TakeLast(40))}");
            await _newLine.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>This worker's node key (host:port), from its "Joined the cluster" line.</summary>
    public async Task<string> NodeKey(TimeSpan timeout) =>
        (await WaitForLine(@"Joined the cluster .* as akka(?:\.ssl)?\.tcp://sweep@(\S+) with", timeout)).Groups[1].Value;

    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, as a container stop or a scale-down sends it.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>Sends a signal by name (TERM, STOP, CONT) with kill(1).</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", [$"-{name}", $"{_process.Id}"]);
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"{Name}: kill -{name} {_process.Id} failed");
    }

    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
        _process.Dispose();
        _newLine.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_lines)
        {
            _lines.Add(line);
            _arrivals.Add(DateTime.UtcNow);
        }

        _newLine.Release();
    }
}
