using Sweep.Coordinator.Coordination;

namespace Sweep.Coordinator.Embedded;

/// <summary>How a running sweep is shown: a live terminal view, log lines, or nothing (benchmarks).</summary>
public interface ISweepView
{
    void Accepted(SweepAccepted accepted);

    void Changed(TrialChanged change);

    void Progressed(TrialProgressed progress);
}
