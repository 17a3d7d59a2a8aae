using Sweep.Coordinator.Cli;
using Sweep.Store;
using Sweep.Tests.Support;
using Xunit.Abstractions;

namespace Sweep.Tests.Store;

/// <summary>
/// Real databases with random bytes flipped or cut short: whatever the damage, a command ends with an
/// exit code and a message (never a crash, exit 134), and a refused file is never changed.
/// </summary>
public sealed class DatabaseFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A copy of <paramref name="original"/> with random bytes flipped or its end cut off; says which.</summary>
    private static string Mutate(byte[] original, string copy, Random random)
    {
        if (random.Next(3) == 0)
        {
            var length = random.Next(original.Length);
            File.WriteAllBytes(copy, original[..length]);
            return $"cut to {length} of {original.Length} bytes";
        }

        var bytes = (byte[])original.Clone();
        var flips = 1 + random.Next(16);
        var at = new List<int>();
        for (var i = 0; i < flips; i++)
        {
            // Half the flips land in the first pages (header, collections, indexes), where they matter most.
            var position = random.Next(2) == 0 ? random.Next(Math.Min(bytes.Length, 4 * 8192)) : random.Next(bytes.Length);
            bytes[position] ^= (byte)(1 + random.Next(255));
            at.Add(position);
        }

        File.WriteAllBytes(copy, bytes);
        return $"bytes flipped at {string.Join(", ", at)}";
    }

    private static string Hash(string path) => FileHash.Of(path);

    /// <summary>
    /// In process, 400 mutants of a populated database, each opened to write and to read: only
    /// <see cref="StoreException"/> (exit 2) or <see cref="StoreFailedException"/> (exit 1) may come
    /// out, and a refused open leaves the file as it was.
    /// </summary>
    [Fact]
    public async Task A_damaged_database_gets_a_store_error_and_is_untouched_when_refused()
    {
        var pristine = Path.Combine(_folder, "pristine.db");
        DatabaseSafetyTests.Populate(pristine, trials: 200);
        var original = File.ReadAllBytes(pristine);
        var random = new Random(20261130);
        var (refused, opened) = (0, 0);

        for (var mutant = 0; mutant < 400; mutant++)
        {
            var copy = Path.Combine(_folder, $"mutant-{mutant}.db");
            var damage = Mutate(original, copy, random);
            var before = Hash(copy);

            var outcome = await Task.Run(() => Exercise(copy)).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(outcome is null or StoreException or StoreFailedException, $"mutant {mutant} ({damage}): {outcome}");
            if (outcome is StoreException { Message: var message } && message.Contains("nothing was written", StringComparison.Ordinal))
                Assert.True(before == Hash(copy), $"mutant {mutant} ({damage}) was changed although refused: {outcome}");
            if (outcome is null) opened++; else refused++;

            // LiteDB 5.0.20's transaction finalizers end the process when damage left one behind
            // (OrphanedTransactions): run them now, inside this test, rather than some time later.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            File.Delete(copy);
            File.Delete(DatabaseFiles.LogPathOf(copy));
        }

        // Both paths ran: damage LiteDB cannot see (a changed value) opens, the rest is refused.
        output.WriteLine($"400 mutants: {refused} refused, {opened} opened and written");
        Assert.True(refused > 50 && opened > 50, $"{refused} refused, {opened} opened");
    }

    [Fact]
    public void LiteDBs_transaction_table_is_where_OrphanedTransactions_looks() => Assert.True(OrphanedTransactions.Reachable);

    /// <summary>Reads everything, then opens to write and writes a sweep; the first store error is the outcome.</summary>
    private static Exception? Exercise(string path)
    {
        try
        {
            using (var reader = SweepStore.OpenReadOnly(path))
                foreach (var sweep in reader.Sweeps())
                    foreach (var trial in reader.Trials(sweep.TrialIds))
                        _ = (reader.FindTrace(trial.Id), reader.LatestCheckpoint(trial.Id));
        }
        catch (StoreException)
        {
            // A reader refused: the writer below must refuse too, or write only what it can.
        }

        try
        {
            using var writer = SweepStore.Open(path);
            writer.SaveSweep(new SweepRecord { Name = "after", TrialIds = ["new-trial"] }, [new TrialRecord { Id = "new-trial", Spec = "{}" }]);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>
    /// The real command on mutants of a real sweep's database: status, export, db check (read-only:
    /// never a changed byte) and resume; every exit is 0, 1 or 2 with a message, never a crash.
    /// </summary>
    [Trait("Tier", "Full")]
    [Fact]
    public async Task The_sweep_command_never_crashes_on_a_damaged_database()
    {
        var database = Path.Combine(_folder, "real.db");
        var file = Path.Combine(_folder, "fuzz.yaml");
        File.WriteAllText(file, SweepFiles.Ring("fuzz", seeds: 3, iterations: 30));
        Assert.Equal(ExitCodes.Ok, (await SweepProcess.RunAsync("run", file, "--db", database)).ExitCode);
        var original = File.ReadAllBytes(database);
        var random = new Random(30111);

        var exits = new Dictionary<string, int>();
        for (var mutant = 0; mutant < 30; mutant++)
        {
            var copy = Path.Combine(_folder, $"mutant-{mutant}.db");
            var damage = Mutate(original, copy, random);
            var before = Hash(copy);

            foreach (var args in new[]
                     {
                         new[] { "status", "--db", copy },
                         ["export", "fuzz", "--format", "csv", "--db", copy, "--out", Path.Combine(_folder, $"export-{mutant}.csv")],
                         ["db", "check", "--db", copy],
                     })
            {
                var run = await SweepProcess.RunAsync(args);
                exits[$"{args[0]} {run.ExitCode}"] = exits.GetValueOrDefault($"{args[0]} {run.ExitCode}") + 1;
                Assert.True(run.ExitCode is ExitCodes.Ok or ExitCodes.BadInput, $"mutant {mutant} ({damage}), {args[0]}: exit {run.ExitCode}\n{run.Stderr}");
                Assert.DoesNotContain("Unhandled exception", run.Stderr);
                Assert.True(before == Hash(copy), $"mutant {mutant} ({damage}) changed by {args[0]}");
            }

            var resume = await SweepProcess.RunAsync("resume", "fuzz", "--db", copy);
            exits[$"resume {resume.ExitCode}"] = exits.GetValueOrDefault($"resume {resume.ExitCode}") + 1;
            Assert.True(resume.ExitCode is ExitCodes.Ok or ExitCodes.Failed or ExitCodes.BadInput, $"mutant {mutant} ({damage}), resume: exit {resume.ExitCode}\n{resume.Stderr}");
            Assert.DoesNotContain("Unhandled exception", resume.Stderr);
            if (resume.ExitCode == ExitCodes.BadInput)
                Assert.True(before == Hash(copy), $"mutant {mutant} ({damage}) changed by a refused resume: {resume.Stderr}");
        }

        output.WriteLine("30 mutants, exits by command: " + string.Join(", ", exits.OrderBy(e => e.Key).Select(e => $"{e.Key}: {e.Value}")));
    }
}
