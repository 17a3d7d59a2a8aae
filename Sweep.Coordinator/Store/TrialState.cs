namespace Sweep.Coordinator.Store;

/// <summary>A trial's place in its life: Pending → Dispatched → Running → exactly one of the final three.</summary>
public enum TrialState { Pending, Dispatched, Running, Completed, Failed, Abandoned }
