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

    public static TrialSpec Of(string specJson) => Parsed.GetValue(specJson, TrialSpec.FromJson);

    /// <summary>Says that <paramref name="specJson"/> is <paramref name="spec"/>'s canonical JSON, so it is never parsed: the admission of a sweep knows both.</summary>
    public static void Remember(string specJson, TrialSpec spec) => Parsed.AddOrUpdate(specJson, spec);
}
