using System.Runtime.CompilerServices;
using Sweep.Training.Specs;

namespace Sweep.Reporting;

/// <summary>
/// Trial specs parsed once per spec text: a live dashboard aggregates the same thousands of trials
/// every second, and parsing their JSON each time cost more than the rest. Keyed by the text's
/// instance, so an entry lives exactly as long as the record holding that text.
/// </summary>
public static class ParsedSpecs
{
    private static readonly ConditionalWeakTable<string, TrialSpec> Parsed = [];
    private static readonly ConditionalWeakTable<TrialSpec, string> Groups = [];

    public static TrialSpec Of(string specJson) => Parsed.GetValue(specJson, TrialSpec.FromJson);

    /// <summary>The id of the spec's group: the spec with its seed cleared, hashed (a hash per trial was most of an aggregation's time).</summary>
    public static string GroupOf(TrialSpec spec) => Groups.GetValue(spec, s => (s with { Seed = 0 }).TrialId);
}
