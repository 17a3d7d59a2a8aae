namespace Sweep.Cluster.Trials;

/// <summary>What a task piped to an actor failed with: PipeTo hands over the AggregateException around it.</summary>
public static class TaskFailures
{
    public static Exception Innermost(Exception error) => error is AggregateException { InnerException: { } inner } ? inner : error;
}
