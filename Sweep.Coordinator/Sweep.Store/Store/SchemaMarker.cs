using LiteDB;

namespace Sweep.Store;

/// <summary>
/// The document that says a LiteDB file is a Sweep database and which layout it has. Sweep writes
/// only into files that carry it, or that hold nothing but Sweep's own collections (a database from
/// before the marker, which the first writer stamps: that is the migration from version 0).
/// </summary>
internal static class SchemaMarker
{
    /// <summary>The layout this version reads and writes; bump it, with a migration, when the layout changes.</summary>
    /// <remarks>2: checkpoint bytes live in files beside the database, referenced from the <c>checkpoints</c>
    /// collection; 1 kept them in LiteDB's FileStorage, and the first writer moves them.</remarks>
    public const int Current = 2;

    private const string Collection = "sweep_schema";
    private const string Application = "sweep";

    private static readonly HashSet<string> SweepCollections = ["sweeps", "trials", "traces", "checkpoints", "_files", "_chunks", Collection];

    /// <summary>
    /// The file's schema version (0: a Sweep database from before the marker, or an empty file);
    /// throws <see cref="StoreException"/> when the file belongs to something else or to a newer Sweep.
    /// </summary>
    public static int Read(LiteDatabase db, string path)
    {
        var names = db.GetCollectionNames().ToList();
        var marker = names.Contains(Collection) ? db.GetCollection(Collection).FindById(Application) : null;
        if (marker is null)
        {
            var foreign = names.Where(n => !SweepCollections.Contains(n)).Order(StringComparer.Ordinal).ToList();
            if (foreign.Count > 0)
                throw new StoreException($"{path} is a LiteDB file of another application (it has the collection(s) {string.Join(", ", foreign.Take(5))}), not a Sweep database; nothing was written. Choose another --db.");
            return 0;
        }

        var version = marker["version"];
        if (!version.IsInt32)
            throw new StoreException($"{path}: its Sweep schema marker is damaged (version {version}); nothing was written. See 'sweep db check'.");
        if (version.AsInt32 > Current)
            throw new StoreException($"{path} was written by a newer Sweep (database schema {version.AsInt32}; this version knows up to {Current}); nothing was read or written. Use that Sweep version.");
        return version.AsInt32;
    }

    /// <summary>Stamps the current version (creating or migrating the file); the caller commits.</summary>
    public static void Write(LiteDatabase db) =>
        db.GetCollection(Collection).Upsert(new BsonDocument { ["_id"] = Application, ["version"] = Current });
}
