using System.Diagnostics;

namespace Sweep.Cluster.Hosting;

/// <summary>
/// One field of one GPU as <c>nvidia-smi</c> reports it: TorchSharp has no query for a device's
/// memory or name. Null where there is no <c>nvidia-smi</c> or it fails.
/// </summary>
internal static class NvidiaSmi
{
    /// <param name="field">A <c>--query-gpu</c> field: <c>memory.total</c>, <c>name</c>.</param>
    public static string? Query(int index, string field)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("nvidia-smi", [$"--query-gpu={field}", "--format=csv,noheader,nounits", $"--id={index}"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            });
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)) || process.ExitCode != 0) return null;
            return output.Trim() is { Length: > 0 } value ? value : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;   // no nvidia-smi on this machine
        }
    }
}
