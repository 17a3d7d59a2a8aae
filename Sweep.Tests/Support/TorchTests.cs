namespace Sweep.Tests.Support;

/// <summary>Tests that train or touch torch's process-wide settings run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchTests
{
    public const string Name = "torch";
}
