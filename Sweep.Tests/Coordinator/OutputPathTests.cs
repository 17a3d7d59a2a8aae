using Sweep.Coordinator.Cli;
using Sweep.Store;
using Sweep.Tests.Support;

namespace Sweep.Tests.Coordinator;

/// <summary>
/// <c>--out</c> values that cannot be written to — empty, a folder where a file goes, a file where a
/// folder goes — are refused with exit 2 and leave nothing behind.
/// </summary>
[Trait("Tier", "Full")]
public sealed class OutputPathTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public OutputPathTests()
    {
        var spec = Specs.Trial("ring", "gan");
        using var store = _database.Open();
        store.SaveSweep(
            new SweepRecord { Name = "demo", Fingerprint = "f", Definition = "name: demo", TrialIds = [spec.TrialId] },
            [new TrialRecord { Id = spec.TrialId, Spec = spec.CanonicalJson(), State = TrialState.Completed, Attempt = 1, Iteration = 50, Modes = 8, MaxModes = 8, HighQuality = 0.5 }]);
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        { "export", "", "--out: expected a file name." },
        { "export", "{folder}", "is a folder; give the name of the file to write" },
        { "report", "", "--out: expected a folder name." },
        { "report", "{file}", "is a file; a report is a folder" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task An_out_that_cannot_be_written_is_refused_and_nothing_is_left_behind(string command, string output, string message)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_database.Folder, "existing")).FullName;
        var file = Path.Combine(_database.Folder, "existing.txt");
        await File.WriteAllTextAsync(file, "mine");
        string[] Entries() => Directory.GetFileSystemEntries(_database.Folder).Where(p => !p.EndsWith("-log.db", StringComparison.Ordinal)).Order().ToArray();
        var before = Entries();
        string[] format = command == "export" ? ["--format", "md"] : [];

        var outcome = await SweepProcess.RunAsync([command, "demo", .. format, "--db", _database.Path, "--out", output.Replace("{folder}", folder).Replace("{file}", file)]);

        Assert.Equal(ExitCodes.BadInput, outcome.ExitCode);
        Assert.Contains(message, outcome.Stderr);
        Assert.DoesNotContain("   at ", outcome.Stderr);                 // a message, not a stack trace
        Assert.Equal(before, Entries());
        Assert.Equal("mine", await File.ReadAllTextAsync(file));
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    public void Dispose() => _database.Dispose();
}
