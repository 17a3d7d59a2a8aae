using Sweep.Training.Running;

namespace Sweep.Node.Protocol;

/// <summary>What a trial entity tells the coordinator; an older attempt's reports are dropped there.</summary>
public interface ITrialReport
{
    string TrialId { get; }
    int Attempt { get; }
}

/// <summary>The attempt holds a slot and is training from <see cref="StartIteration"/>.</summary>
public sealed record TrialStarted(string TrialId, int Attempt, string NodeKey, string Device, int StartIteration) : ITrialReport;

/// <summary>Sent on a timer while training: liveness and the latest progress (null losses before the first report).</summary>
public sealed record TrialHeartbeat(
    string TrialId, int Attempt, int Iteration, int Iterations,
    double? DiscriminatorLoss, double? GeneratorLoss) : ITrialReport;

/// <summary>A checkpoint to keep: the coordinator stores it so any node can resume the trial.</summary>
public sealed record TrialCheckpointed(string TrialId, int Attempt, int Iteration, byte[] State) : ITrialReport;

/// <summary>The attempt is over: completed, failed, or cancelled after checkpointing.</summary>
public sealed record TrialEnded(string TrialId, int Attempt, TrialResult Result) : ITrialReport;
