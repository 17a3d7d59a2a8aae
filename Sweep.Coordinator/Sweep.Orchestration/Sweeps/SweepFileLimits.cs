namespace Sweep.Orchestration.Sweeps;

/// <summary>
/// What a sweep file may be, checked before anything is parsed deeply, expanded or written: beyond
/// these a file is a mistake or an attack, and the coordinator parses files that members send.
/// </summary>
public static class SweepFileLimits
{
    /// <summary>The sweep files in sweeps/ are under 2 KiB.</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>A sweep file nests three levels (overrides → item → when); YAML nested deeper is refused before it is built into a tree.</summary>
    public const int MaxDepth = 16;

    /// <summary>Names become folder and file names (reports, exports).</summary>
    public const int MaxNameLength = 64;

    /// <summary>Trials in one sweep (grid cells × seeds); the orchestration benchmark admits 100 000 in about 10 s.</summary>
    public const int MaxTrials = 100_000;
}
