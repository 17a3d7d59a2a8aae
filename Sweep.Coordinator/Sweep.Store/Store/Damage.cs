using System.Diagnostics;
using LiteDB;

namespace Sweep.Store;

/// <summary>
/// What a damaged LiteDB file throws when read: LiteDB 5 has no page checksums, so a flipped byte
/// surfaces as whichever exception the garbage provokes inside LiteDB (a bad length, a bad UTF-8
/// string, an unknown BSON type, a cast, an engine that closed itself). Any exception that came out of
/// LiteDB's code while it read the file counts; an exception from Sweep's own code does not.
/// </summary>
internal static class Damage
{
    private static readonly System.Reflection.Assembly LiteDb = typeof(LiteDatabase).Assembly;

    public static bool IsDamage(Exception e) => e switch
    {
        LiteException or OutOfMemoryException => true,
        OperationCanceledException or StoreException or StoreFailedException => false,
        _ => new StackTrace(e).GetFrames().Any(f => f.GetMethod()?.DeclaringType?.Assembly == LiteDb),
    };

    /// <param name="afterWrites">This process committed writes before it found the damage: they stay.</param>
    public static StoreException Describe(string path, Exception e, bool afterWrites = false) =>
        Named(path, $"{e.GetType().Name}: {e.Message}", e, afterWrites);

    /// <summary>The message every damaged database gets: what is wrong, what was written, and how to recover.</summary>
    public static StoreException Named(string path, string problem, Exception? inner = null, bool afterWrites = false) => new(
        $"{path} is damaged ({problem}); {(afterWrites ? "the writes before this point are committed and nothing more is written" : "nothing was written")}. " +
        $"'sweep db check --db {path}' says what is readable; 'sweep db salvage --db {path} --to NEW' copies it into a new database.", inner);
}
