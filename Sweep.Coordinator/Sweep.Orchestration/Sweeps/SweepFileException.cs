namespace Sweep.Orchestration.Sweeps;

/// <summary>A sweep file that cannot run: the message names the file, line, column and key.</summary>
public sealed class SweepFileException(string file, long line, long column, string problem)
    : Exception($"{file}:{line}:{column}: {problem}")
{
    public string File { get; } = file;
    public long Line { get; } = line;
    public long Column { get; } = column;
    public string Problem { get; } = problem;
}
