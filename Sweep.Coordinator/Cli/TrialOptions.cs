using System.CommandLine;
using Sweep.Training.Specs;

namespace Sweep.Coordinator.Cli;

/// <summary>The options that describe one trial, shared by <c>sweep trial</c> and <c>sweep-bench</c>.</summary>
public sealed class TrialOptions
{
    public Option<string> Dataset { get; } = new("--dataset") { Description = $"One of: {string.Join(", ", AxisNames.All<DatasetKind>())}.", Required = true };
    public Option<string> Method { get; } = new("--method") { Description = $"One of: {string.Join(", ", AxisNames.All<MethodKind>())}.", Required = true };
    public Option<string> Init { get; } = new("--init") { Description = "normal or covering.", DefaultValueFactory = _ => "normal" };
    public Option<string> Noise { get; } = new("--noise") { Description = "unimodal or multimodal.", DefaultValueFactory = _ => "unimodal" };
    public Option<int> Seed { get; } = new("--seed") { Description = "Every random draw of the trial derives from it.", DefaultValueFactory = _ => 0 };
    public Option<int?> Iterations { get; } = new("--iterations") { Description = "Generator updates (default: the preset's budget)." };
    public Option<string?> Preset { get; } = new("--preset") { Description = $"One of: {string.Join(", ", Presets.Names)} (default: the method's paper)." };
    public Option<string[]> Set { get; } = new("--set") { Description = $"Override a knob, KEY=VALUE (repeatable). Keys: {string.Join(", ", Knobs.Names)}.", AllowMultipleArgumentsPerToken = false };

    public IEnumerable<Option> All => [Dataset, Method, Init, Noise, Seed, Iterations, Preset, Set];

    /// <summary>The validated spec, or a <see cref="UsageException"/> naming the option at fault.</summary>
    public TrialSpec Resolve(ParseResult parse)
    {
        var overrides = (parse.GetValue(Set) ?? []).Select(ParseOverride).ToArray();
        var request = new TrialRequest
        {
            Dataset = parse.GetValue(Dataset)!,
            Method = parse.GetValue(Method)!,
            Init = parse.GetValue(Init)!,
            Noise = parse.GetValue(Noise)!,
            Seed = parse.GetValue(Seed),
            Iterations = parse.GetValue(Iterations),
            Preset = parse.GetValue(Preset),
            Overrides = overrides,
        };
        try
        {
            return request.Resolve();
        }
        catch (SpecException e)
        {
            var option = Knobs.Names.Contains(e.Key) || overrides.Any(o => o.Key == e.Key) ? $"--set {e.Key}" : $"--{e.Key}";
            throw new UsageException($"{option}: {e.Problem}");
        }
    }

    private static KeyValuePair<string, string> ParseOverride(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
            throw new UsageException($"--set: '{text}' is not KEY=VALUE; keys: {string.Join(", ", Knobs.Names)}.");
        return new(text[..equals].Trim(), text[(equals + 1)..].Trim());
    }
}
