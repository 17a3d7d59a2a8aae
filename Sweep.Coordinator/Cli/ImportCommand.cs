using System.CommandLine;
using System.Globalization;
using Sweep.Store;

namespace Sweep.Coordinator.Cli;

/// <summary>
/// <c>sweep import FILE --db DB</c>: reads a sweep's JSON export into a database, so that a sweep
/// moves between machines as the file its export is: finished trials keep their results (marked
/// as imported), the rest are pending, and <c>sweep resume NAME</c> runs them there.
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A sweep's export from 'sweep export NAME --format json'." };
        var database = DatabaseOption.Create();
        var command = new Command("import", "Read a sweep's JSON export into a database: finished trials keep their results, the others run on 'sweep resume NAME'.")
        {
            file, database,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var db = parse.GetValue(database)!;
            var exported = ExportedSweep.Read(path);   // all of it checked before the database is opened or created
            var provenance = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)}, imported {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            using var store = SweepStore.Open(db);
            var import = SweepImport.Plan(exported, store, provenance);
            import.Write(store);
            var failed = import.Imported.Count(t => t.State != TrialState.Completed);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{db}: sweep {exported.Sweep.Name}: {import.Imported.Count - failed} completed and {failed} failed or abandoned trial(s) imported from {path}, " +
                $"{import.KeptStored} already finished there kept as they were; {import.Sweep.TrialIds.Count} trial(s) in all. " +
                $"'sweep resume {exported.Sweep.Name} --db {db}' runs those still to run."));
            return ExitCodes.Ok;
        });
        return command;
    }
}
