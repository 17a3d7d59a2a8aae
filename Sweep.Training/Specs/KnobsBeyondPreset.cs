using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sweep.Training.Specs;

/// <summary>
/// The knobs a resolved spec sets away from what its preset and method give by themselves (a sweep
/// file's <c>set</c> and overrides, <c>--set</c>), as <c>name=value</c> in the knobs' own names:
/// what a table must name beside "veegan, 100000 it" for a reader to know which protocol ran.
/// </summary>
public static class KnobsBeyondPreset
{
    /// <summary>Hyperparameters' JSON names that the knob table spells otherwise.</summary>
    private static readonly Dictionary<string, string> KnobNames = new() { ["noise_distribution"] = "noise_dist" };

    /// <summary>e.g. ["ali_encoder=noise-input", "unroll_steps=5"], in the order the spec lists its knobs; empty at the preset's values.</summary>
    public static IReadOnlyList<string> Of(TrialSpec spec)
    {
        var bare = new TrialRequest
        {
            Dataset = AxisNames.Of(spec.Dataset), Method = AxisNames.Of(spec.Method), Init = AxisNames.Of(spec.Init), Noise = AxisNames.Of(spec.Noise),
            Seed = spec.Seed, Iterations = spec.Iterations, Preset = spec.Preset,
        }.Resolve();
        var set = JsonObjectOf(spec.Hyper);
        var preset = JsonObjectOf(bare.Hyper);
        return set.Select(p => p.Key).Union(preset.Select(p => p.Key))
            .Where(name => !JsonNode.DeepEquals(set[name], preset[name]))
            .Select(name => $"{KnobName(name)}={Text(set[name])}")
            .ToList();
    }

    /// <summary>The knob's name for a property of <see cref="Hyperparameters"/>' JSON.</summary>
    public static string KnobName(string jsonName) => KnobNames.GetValueOrDefault(jsonName, jsonName);

    private static JsonObject JsonObjectOf(Hyperparameters hyper) => JsonSerializer.SerializeToNode(hyper, TrialSpec.Json)!.AsObject();

    // A knob left unset where the preset sets it (weight_init spelled as the framework's default) reads "default".
    private static string Text(JsonNode? value) => value switch
    {
        null => "default",
        JsonValue v when v.TryGetValue<double>(out var x) => x.ToString("R", CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        _ => value.GetValue<string>(),
    };
}
