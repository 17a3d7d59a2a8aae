namespace Sweep.Training.Running;

/// <summary>A progress report: iterations done of the budget and the latest losses.</summary>
public sealed record TrialProgress(string TrialId, int Iteration, int Iterations, double DiscriminatorLoss, double GeneratorLoss, TimeSpan Elapsed);
