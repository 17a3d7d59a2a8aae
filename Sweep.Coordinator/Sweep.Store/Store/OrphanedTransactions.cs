using System.Collections;
using System.Reflection;
using LiteDB.Engine;

namespace Sweep.Store;

/// <summary>
/// Keeps LiteDB's transaction finalizers from ending the process. In LiteDB 5.0.20 (and 5.0.21)
/// every transaction has a finalizer that runs its whole dispose on the GC thread; when damage closed
/// the engine, a transaction's dispose fails, the transaction stays in the engine's table, and its
/// finalizer later throws there ("share counter must be > 0"), which terminates the process
/// (LiteDB issue #2828). Once an engine is closed, its leftover transactions need no finalizing.
/// </summary>
/// <remarks>
/// LiteDB exposes no way to reach them, so this reads two private fields; a LiteDB version without
/// them fails <see cref="Reachable"/>, which a test asserts.
/// </remarks>
internal static class OrphanedTransactions
{
    private const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;
    private static readonly FieldInfo? Monitor = typeof(LiteEngine).GetField("_monitor", Private);
    private static readonly FieldInfo? Table = Monitor?.FieldType.GetField("_transactions", Private);

    /// <summary>True when this LiteDB version has the fields <see cref="Forget"/> reads.</summary>
    public static bool Reachable => Table is not null && typeof(IDictionary).IsAssignableFrom(Table.FieldType);

    /// <summary>Call after the engine is closed: its transactions left in the table are never finalized.</summary>
    public static void Forget(LiteEngine engine)
    {
        if (!Reachable || Monitor!.GetValue(engine) is not { } monitor || Table!.GetValue(monitor) is not IDictionary table)
            return;
        // CA1816 expects SuppressFinalize inside the object's own Dispose; here LiteDB's Dispose already failed.
#pragma warning disable CA1816
        foreach (var transaction in table.Values)
            GC.SuppressFinalize(transaction!);
#pragma warning restore CA1816
    }
}
