namespace Sweep.Cluster.Protocol;

/// <summary>A peer asks this member to prove the roles it claims (see <c>MemberRoles</c>).</summary>
public sealed record ProveRoles(byte[] Challenge) : ISweepMessage;

/// <summary>The member's certificate (DER) and its signature over the challenge and its own address.</summary>
public sealed record RolesProof(byte[] Challenge, byte[] Certificate, byte[] Signature) : ISweepMessage;
