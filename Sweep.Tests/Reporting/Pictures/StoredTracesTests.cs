using Sweep.Reporting.Pictures;
using Sweep.Store;

namespace Sweep.Tests.Reporting.Pictures;

/// <summary>Why a finished trial has no pictures: imported from an export without a score curve or run before Sweep kept them.</summary>
public sealed class StoredTracesTests
{
    private static readonly TrialRecord Imported = new() { Id = "a1", State = TrialState.Completed, ImportedFrom = "t.json, imported 2026-12-01T15:00:00Z" };
    private static readonly TrialRecord Older = new() { Id = "b2", State = TrialState.Failed };

    [Fact]
    public void An_imported_trial_is_said_to_be_imported_and_from_where()
    {
        Assert.Equal("trial a1 (completed) has no snapshots: it was imported (t.json, imported 2026-12-01T15:00:00Z) from an export that carried no score curve, and an export never carries snapshots. " +
                     "Its numbers stand; run it again in a new database to get its pictures.", StoredTraces.Missing(Imported));
        Assert.StartsWith("trial b2 (failed) has no snapshots: it was run by a version of Sweep that recorded none.", StoredTraces.Missing(Older));
    }

    [Fact]
    public void The_report_counts_each_reason_when_they_differ()
    {
        Assert.Equal("imported from an export that carried no score curve", StoredTraces.WhyNone([Imported, Imported with { Id = "c3" }]));
        Assert.Equal("run by a version of Sweep that recorded none", StoredTraces.WhyNone([Older]));
        Assert.Equal("1 imported from an export that carried no score curve; 2 run by a version of Sweep that recorded none",
            StoredTraces.WhyNone([Older, Imported, Older with { Id = "d4" }]));
    }
}
