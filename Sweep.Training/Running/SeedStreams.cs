using static TorchSharp.torch;

namespace Sweep.Training.Running;

/// <summary>
/// Independent random streams of one trial, all derived from its seed: each purpose (parameter
/// init, the fixed data set, training draws, evaluation...) gets its own generator, so adding a
/// draw in one place never shifts the numbers drawn in another.
/// </summary>
public static class SeedStreams
{
    public const string Init = "init";
    public const string FixedData = "fixed-data";
    public const string Train = "train";
    public const string Covering = "covering";
    public const string Categories = "categories";
    public const string Eval = "eval";

    /// <summary>Prefix of a curve point's stream, suffixed with its iteration (<c>progress-500</c>).</summary>
    public const string Progress = "progress";

    /// <summary>Prefix of a snapshot's stream, suffixed with its iteration.</summary>
    public const string Snapshot = "snapshot";

    /// <summary>The training stream of a trial resumed on another device type than its checkpoint's: one per iteration resumed at.</summary>
    public static string Resumed(int iteration) => $"{Train}-resumed-{iteration}";

    public static ulong Derive(int seed, string purpose)
    {
        // FNV-1a of the purpose, mixed with the seed through SplitMix64's finaliser.
        var hash = 14695981039346656037UL;
        foreach (var ch in purpose)
        {
            hash ^= ch;
            hash *= 1099511628211UL;
        }

        var x = hash ^ (ulong)(uint)seed * 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return (x ^ (x >> 31)) & 0x7FFF_FFFF_FFFF_FFFFUL;
    }

    /// <summary>The purpose's generator on <paramref name="device"/> (the CPU when null): its draws depend on the seed and the device's type.</summary>
    public static Generator For(int seed, string purpose, Device? device = null) => new(Derive(seed, purpose), device);
}
