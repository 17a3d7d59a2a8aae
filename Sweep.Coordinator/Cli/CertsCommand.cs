using System.CommandLine;
using System.Security.Cryptography;
using Sweep.Cluster.Hosting;

namespace Sweep.Coordinator.Cli;

/// <summary>
/// <c>sweep certs init DIR</c>: a CA and one certificate per member for a small cluster, each with
/// its member's role; <c>sweep certs add DIR NAME --role ROLE</c>: one more member signed by the same
/// CA. Nothing is overwritten.
/// </summary>
public static class CertsCommand
{
    public const string PasswordFile = "password";

    public static Command Create() => new("certs", "Certificates for mutual TLS between cluster members.") { Init(), Add(), Revoke() };

    private static Command Init()
    {
        var folder = new Argument<string>("DIR") { Description = "A new or empty folder for the CA and the members' files." };
        var coordinator = new Option<string>("--coordinator")
        {
            Description = "The coordinator's name (default: coordinator); its certificate carries the role coordinator.",
            DefaultValueFactory = _ => "coordinator",
        };
        var trainers = new Option<string>("--trainers")
        {
            Description = "The training nodes' names, separated by commas (default: node-1,node-2,node-3); role trainer.",
            DefaultValueFactory = _ => "node-1,node-2,node-3",
        };
        var clients = new Option<string>("--clients")
        {
            Description = "The names of members that submit and watch sweeps, separated by commas (default: client); role client.",
            DefaultValueFactory = _ => "client",
        };
        var password = PasswordOption();
        var noPassword = NoPasswordOption();
        var command = new Command("init", "Create a cluster CA and a certificate for each member, each carrying its member's role.")
            { folder, coordinator, trainers, clients, password, noPassword };
        command.SetAction(parse =>
        {
            if (parse.GetValue(noPassword) && parse.GetValue(password) is not null)
                throw new UsageException("--no-password: not with --password; choose one.");
            var dir = parse.GetValue(folder)!;
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
                throw new UsageException($"{dir}: not empty; nothing was written. Use 'sweep certs add {dir} NAME --role ROLE' to add a member to an existing CA.");
            var members = MemberNames("--coordinator", parse.GetValue(coordinator)!).Select(n => (Name: n, Role: ClusterConfig.CoordinatorRole))
                .Concat(MemberNames("--trainers", parse.GetValue(trainers)!).Select(n => (Name: n, Role: TrialNode.TrainerRole)))
                .Concat(MemberNames("--clients", parse.GetValue(clients)!).Select(n => (Name: n, Role: ClusterConfig.ClientRole)))
                .ToList();
            if (members.Count == 0)
                throw new UsageException("--coordinator, --trainers, --clients: no member named; nothing was written.");
            if (members.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
                throw new UsageException($"{twice.Key}: named twice (as {string.Join(" and ", twice.Select(m => m.Role))}); nothing was written. Each member has one certificate and one role.");
            Directory.CreateDirectory(dir);
            var secret = parse.GetValue(noPassword) ? null : Password(parse.GetValue(password), dir);
            using var authority = ClusterCertificates.CreateAuthority(Path.GetFileName(Path.GetFullPath(dir)));
            ClusterCertificates.WriteAuthority(authority, dir);
            foreach (var (name, role) in members) WriteMember(authority, dir, name, role, secret);
            Console.Out.WriteLine($"{dir}: CA ({ClusterCertificates.AuthorityCertificateFile}, key {ClusterCertificates.AuthorityKeyFile}) and {string.Join(", ", members.Select(m => $"{m.Name}.pfx ({m.Role})"))}.");
            Console.Out.WriteLine(secret is null
                ? $"Start members with --cert {Path.Combine(dir, members[0].Name + ".pfx")}; the files have no password and are readable by their owner only: keep them so on every machine."
                : $"Start members with --cert {Path.Combine(dir, members[0].Name + ".pfx")} and SWEEP_CERT_PASSWORD=$(cat {Path.Combine(dir, PasswordFile)}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Add()
    {
        var folder = new Argument<string>("DIR") { Description = "A folder made by 'sweep certs init'." };
        var name = new Argument<string>("NAME") { Description = "The new member's name, e.g. node-4." };
        var role = new Option<string>("--role")
        {
            Description = $"What the member may do in the cluster: {string.Join(", ", MemberRoles.Known)}.",
            Required = true,
        };
        role.AcceptOnlyFromAmong([.. MemberRoles.Known]);
        var password = PasswordOption();
        var noPassword = NoPasswordOption();
        var command = new Command("add", "Sign a certificate for one more member with an existing CA.") { folder, name, role, password, noPassword };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(folder)!;
            var member = MemberNames("NAME", parse.GetValue(name)!).Single();
            if (!File.Exists(Path.Combine(dir, ClusterCertificates.AuthorityKeyFile)))
                throw new UsageException($"{dir}: no {ClusterCertificates.AuthorityKeyFile}; create the CA first with 'sweep certs init {dir}'.");
            if (File.Exists(Path.Combine(dir, member + ".pfx")))
                throw new UsageException($"{Path.Combine(dir, member + ".pfx")} exists; nothing was written.");
            var secret = parse.GetValue(noPassword) ? null : parse.GetValue(password) ?? ReadPassword(dir);
            using var authority = ClusterCertificates.ReadAuthority(dir);
            WriteMember(authority, dir, member, parse.GetValue(role)!, secret);
            Console.Out.WriteLine($"{Path.Combine(dir, member + ".pfx")} ({parse.GetValue(role)}): signed by {authority.Subject}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Revoke()
    {
        var folder = new Argument<string>("DIR") { Description = "A folder made by 'sweep certs init'." };
        var name = new Argument<string>("NAME") { Description = "The member whose certificate is revoked (its NAME.pfx is in DIR)." };
        var password = PasswordOption();
        var command = new Command("revoke", $"Revoke a member's certificate: its serial number goes into DIR/{ClusterCertificates.RevokedFile}, which members read beside their --cert (or from --revoked).") { folder, name, password };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(folder)!;
            var member = MemberNames("NAME", parse.GetValue(name)!).Single();
            var pfx = Path.Combine(dir, member + ".pfx");
            if (!File.Exists(pfx))
                throw new UsageException($"{pfx} does not exist; nothing was revoked.");
            var serial = ClusterTls.Load(pfx, parse.GetValue(password) ?? ReadPasswordIfAny(dir)).Certificate.SerialNumber;
            var list = Path.Combine(dir, ClusterCertificates.RevokedFile);
            if (File.Exists(list) && ClusterCertificates.ReadRevoked(list).Contains(serial))
            {
                Console.Out.WriteLine($"{member} (serial {serial}) is already revoked in {list}.");
                return ExitCodes.Ok;
            }

            File.AppendAllText(list, $"{serial} {member}\n");
            Console.Out.WriteLine($"{member} (serial {serial}) revoked in {list}. Copy it to every member (beside its --cert, or pass --revoked) and restart them.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<bool> NoPasswordOption() => new("--no-password")
    {
        Description = "Write the members' files without a password: only their owner-only file permissions protect them.",
    };

    private static Option<string> PasswordOption() => new("--password")
    {
        Description = $"The members' PKCS#12 password (default: SWEEP_CERT_PASSWORD, else a random one written to DIR/{PasswordFile}).",
    };

    /// <summary>Comma-separated member names; an empty list is allowed (a cluster may have no client).</summary>
    private static List<string> MemberNames(string option, string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var bad = names.FirstOrDefault(n => n.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.')));
        if (bad is not null)
            throw new UsageException($"{option}: '{bad}' is not accepted; expected names of letters, digits, '-' and '.', separated by commas.");
        return names;
    }

    private static string Password(string? given, string dir)
    {
        var password = given ?? Environment.GetEnvironmentVariable("SWEEP_CERT_PASSWORD") ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        ClusterCertificates.WritePrivate(Path.Combine(dir, PasswordFile), password);
        return password;
    }

    private static string? ReadPasswordIfAny(string dir) =>
        Environment.GetEnvironmentVariable("SWEEP_CERT_PASSWORD")
        ?? (File.Exists(Path.Combine(dir, PasswordFile)) ? File.ReadAllText(Path.Combine(dir, PasswordFile)).Trim() : null);

    private static string ReadPassword(string dir) =>
        ReadPasswordIfAny(dir) ?? throw new UsageException($"--password: required ({dir} has no {PasswordFile} file).");

    private static void WriteMember(System.Security.Cryptography.X509Certificates.X509Certificate2 authority, string dir, string name, string role, string? password)
    {
        using var member = ClusterCertificates.CreateMember(authority, name, [role]);
        ClusterCertificates.WritePrivate(Path.Combine(dir, name + ".pfx"), ClusterCertificates.ExportMember(member, authority, password));
    }
}
