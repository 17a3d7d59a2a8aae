namespace Sweep.Coordinator.Cli;

public static class ExitCodes
{
    public const int Ok = 0;
    public const int TrialFailed = 1;

    /// <summary>The process could not go on (a coordinator that stopped scheduling: its database failed); the reason is logged.</summary>
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;
}
