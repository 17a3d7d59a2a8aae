using Sweep.Orchestration.Coordination;

namespace Sweep.Orchestration.Embedded;

/// <summary>How a running sweep is shown: a live terminal view, log lines, or nothing (benchmarks).</summary>
public interface ISweepView
{
    void Accepted(SweepAccepted accepted);

    void Changed(TrialChanged change);

    void Progressed(TrialProgressed progress);
}
