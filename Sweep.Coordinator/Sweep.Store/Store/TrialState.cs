namespace Sweep.Store;

/// <summary>A trial's place in its life: Pending → Dispatched → Running → exactly one of the final three.</summary>
public enum TrialState { Pending, Dispatched, Running, Completed, Failed, Abandoned }

public static class TrialStates
{
    /// <summary>Completed, Failed or Abandoned: the trial never runs again.</summary>
    public static bool IsFinal(this TrialState state) => state is TrialState.Completed or TrialState.Failed or TrialState.Abandoned;
}
