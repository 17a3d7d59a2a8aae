using Sweep.Orchestration.Coordination;

namespace Sweep.Orchestration.Embedded;

/// <summary>How a running sweep is shown: a live terminal view, log lines, or nothing (benchmarks).</summary>
public interface ISweepView
{
    void Accepted(SweepAccepted accepted);

    /// <summary>Some of the trials the accepted sweep will run (after <see cref="Accepted"/>, in pieces).</summary>
    void Listed(SweepTrialsListed listed) { }

    void Changed(TrialChanged change);

    void Progressed(TrialProgressed progress);
}
