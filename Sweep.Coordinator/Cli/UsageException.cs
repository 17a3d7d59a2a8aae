namespace Sweep.Coordinator.Cli;

/// <summary>Bad input on the command line; the message names the option and what it accepts.</summary>
public sealed class UsageException(string message) : Exception(message);
