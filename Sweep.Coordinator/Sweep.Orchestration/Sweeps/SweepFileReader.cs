using System.Globalization;
using System.Text.RegularExpressions;
using Sweep.Reporting;
using Sweep.Training.Specs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sweep.Orchestration.Sweeps;

/// <summary>
/// Reads and validates a sweep file. Every problem is reported once, as file:line:column, the key
/// path (e.g. <c>grid.method</c>) and what is accepted, before anything runs or is written.
/// </summary>
/// <remarks>
/// Walks YamlDotNet's representation model rather than deserialising into a class: only the
/// model keeps each key's and value's position, which the error messages need.
/// </remarks>
public sealed partial class SweepFileReader
{
    private static readonly string[] TopKeys = ["name", "description", "grid", "preset", "iterations", "set", "overrides", "concurrency"];
    private static readonly string[] GridKeys = ["dataset", "method", "init", "noise", "seed"];
    private static readonly string[] OverrideKeys = ["when", "preset", "iterations", "set"];
    private static readonly string[] AxisKeys = ["dataset", "method", "init", "noise"];

    private readonly string _file;

    private SweepFileReader(string file) => _file = file;

    public static SweepDefinition ReadFile(string path)
    {
        if (!File.Exists(path))
            throw new SweepFileException(path, 0, 0, "no such file.");
        var bytes = new FileInfo(path).Length;
        if (bytes > SweepFileLimits.MaxFileBytes)
            throw new SweepFileException(path, 0, 0, $"{bytes:N0} bytes; a sweep file may have at most {SweepFileLimits.MaxFileBytes:N0}.");
        return Read(File.ReadAllText(path), path);
    }

    public static SweepDefinition Read(string yaml, string file) => new SweepFileReader(file).Parse(yaml);

    private SweepDefinition Parse(string yaml)
    {
        if (yaml.Length > SweepFileLimits.MaxFileBytes)
            throw new SweepFileException(_file, 0, 0, $"{yaml.Length:N0} characters; a sweep file may have at most {SweepFileLimits.MaxFileBytes:N0}.");

        var stream = new YamlStream();
        try
        {
            stream.Load(new ShapeCheckingParser(yaml, _file));
        }
        catch (YamlException e)
        {
            throw new SweepFileException(_file, e.Start.Line, e.Start.Column, $"not valid YAML: {e.Message}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet throws these for some malformed input (e.g. a flow sequence left open across lines).
            throw new SweepFileException(_file, 0, 0, $"not valid YAML: {e.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new SweepFileException(_file, 1, 1, $"expected a mapping with the keys {string.Join(", ", TopKeys)}.");

        var top = Keys(root, "", TopKeys);
        var grid = Keys(Mapping(Required(top, root, "", "grid"), "grid"), "grid", GridKeys);
        var gridNode = top["grid"].Value;
        var datasets = Axis<DatasetKind>(Required(grid, gridNode, "grid", "dataset"), "grid.dataset");
        var methods = Axis<MethodKind>(Required(grid, gridNode, "grid", "method"), "grid.method");
        var inits = grid.TryGetValue("init", out var init) ? Axis<InitKind>(init.Value, "grid.init") : ["normal"];
        var noises = grid.TryGetValue("noise", out var noise) ? Axis<NoiseKind>(noise.Value, "grid.noise") : ["unimodal"];
        var axes = new Dictionary<string, IReadOnlyList<string>>
        {
            ["dataset"] = datasets, ["method"] = methods, ["init"] = inits, ["noise"] = noises,
        };

        var seedNode = Required(grid, gridNode, "grid", "seed");
        var adaptive = seedNode is YamlMappingNode ? Adaptive(seedNode) : null;
        var seeds = adaptive is null ? Seeds(seedNode) : Enumerable.Range(1, adaptive.Start).ToArray();
        var definition = new SweepDefinition
        {
            Name = Name(Required(top, root, "", "name")),
            Description = top.TryGetValue("description", out var description) ? Scalar(description.Value, "description") : null,
            Datasets = datasets,
            Methods = methods,
            Inits = inits,
            Noises = noises,
            Seeds = seeds,
            Adaptive = adaptive,
            Settings = Settings(top, ""),
            Overrides = top.TryGetValue("overrides", out var overrides) ? Overrides(overrides.Value, axes) : [],
            Concurrency = top.TryGetValue("concurrency", out var concurrency) ? PositiveInt(concurrency.Value, "concurrency") : null,
        };
        var trials = (long)SweepGrid.Cells(definition).Count * (adaptive?.Max ?? definition.Seeds.Count);
        if (trials > SweepFileLimits.MaxTrials)
            throw Error(gridNode, "grid", $"expands to {trials:N0} trials; a sweep may have at most {SweepFileLimits.MaxTrials:N0} (split it into several sweeps).");
        ResolveEveryCell(definition, root, grid["dataset"].Value);
        return definition;
    }

    /// <summary>
    /// Resolves each combination of the axes, so a setting that does not fit some of them (a preset
    /// or knob for another kind of dataset) is reported at the node that set it, naming the trials.
    /// </summary>
    private void ResolveEveryCell(SweepDefinition definition, YamlMappingNode root, YamlNode datasetNode)
    {
        foreach (var cell in SweepGrid.Cells(definition))
        {
            try
            {
                cell.Request(definition.Seeds[0]).Resolve();
            }
            catch (SpecException e)
            {
                // Whichever of the sweep-wide settings and the cell's overrides named the key last set it.
                var relative = e.Key == "preset" ? new[] { "preset" } : ["set", e.Key];
                var sources = new List<(string Path, YamlNode? Node)> { ("", Entry(root, relative)) };
                var overrides = Entry(root, "overrides") as YamlSequenceNode;
                sources.AddRange(cell.Overrides.Select(i => ($"overrides[{i}]", Entry(overrides?.Children[i], relative))));
                var (path, node) = sources.LastOrDefault(s => s.Node is not null);
                var trials = $"{cell.Dataset}/{cell.Method}/{cell.Init}/{cell.Noise}";
                throw node is null
                    ? Error(datasetNode, "grid.dataset", $"{e.Message} (trials {trials})")
                    : Error(node, Path(path, string.Join('.', relative)), $"{e.Problem} (trials {trials})");
            }
        }
    }

    private static YamlNode? Entry(YamlNode? node, params string[] keys)
    {
        foreach (var key in keys)
            node = node is YamlMappingNode mapping ? mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: var k } && k == key).Value : null;
        return node;
    }

    private TrialSettings Settings(Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys, string path) => new()
    {
        Preset = keys.TryGetValue("preset", out var preset) ? Preset(preset.Value, Path(path, "preset")) : null,
        Iterations = keys.TryGetValue("iterations", out var iterations) ? PositiveInt(iterations.Value, Path(path, "iterations")) : null,
        Set = keys.TryGetValue("set", out var set) ? KnobValues(set.Value, Path(path, "set")) : [],
    };

    private AxisOverride[] Overrides(YamlNode node, Dictionary<string, IReadOnlyList<string>> axes)
    {
        if (node is not YamlSequenceNode sequence)
            throw Error(node, "overrides", "expected a list of { when: {...}, preset, iterations, set }.");

        return sequence.Children.Select((item, i) =>
        {
            var path = $"overrides[{i}]";
            var keys = Keys(Mapping(item, path), path, OverrideKeys);
            var whenNode = Mapping(Required(keys, item, path, "when"), $"{path}.when");
            var when = new Dictionary<string, string>();
            foreach (var (key, value) in Keys(whenNode, $"{path}.when", AxisKeys))
            {
                var text = Scalar(value.Value, $"{path}.when.{key}");
                if (!axes[key].Contains(text))
                    throw Error(value.Value, $"{path}.when.{key}", $"'{text}' is not in grid.{key} ({string.Join(", ", axes[key])}), so this override would never apply.");
                when[key] = text;
            }

            if (when.Count == 0)
                throw Error(whenNode, $"{path}.when", $"name at least one of {string.Join(", ", AxisKeys)}.");
            return new AxisOverride(when, Settings(keys, path));
        }).ToArray();
    }

    private string[] Axis<T>(YamlNode node, string path) where T : struct, Enum
    {
        var items = node is YamlSequenceNode sequence ? sequence.Children.ToList() : [node];
        if (items.Count == 0)
            throw Error(node, path, $"empty; list at least one of: {string.Join(", ", AxisNames.All<T>())}.");

        var values = new List<string>();
        foreach (var item in items)
        {
            var text = Scalar(item, path);
            if (!AxisNames.TryParse<T>(text, out var value))
                throw Error(item, path, SpecException.NotOneOfProblem(text, AxisNames.All<T>()));
            var name = AxisNames.Of(value);
            if (values.Contains(name))
                throw Error(item, path, $"'{name}' is listed twice.");
            values.Add(name);
        }

        return [.. values];
    }

    private static readonly string[] AdaptiveKeys = ["start", "max", "step", "until"];
    private static readonly string[] UntilKeys = ["metric", "ci95_halfwidth"];

    /// <summary><c>grid.seed: {start, max, step, until: {metric, ci95_halfwidth}}</c> (see <see cref="AdaptiveSeeds"/>).</summary>
    private AdaptiveSeeds Adaptive(YamlNode node)
    {
        var keys = Keys(Mapping(node, "grid.seed"), "grid.seed", AdaptiveKeys);
        var start = PositiveInt(Required(keys, node, "grid.seed", "start"), "grid.seed.start");
        var maxNode = Required(keys, node, "grid.seed", "max");
        var max = PositiveInt(maxNode, "grid.seed.max");
        if (max < start)
            throw Error(maxNode, "grid.seed.max", $"{max} is below start ({start}); expected at least {start}.");
        var step = keys.TryGetValue("step", out var stepNode) ? PositiveInt(stepNode.Value, "grid.seed.step") : 1;
        var untilNode = Required(keys, node, "grid.seed", "until");
        var until = Keys(Mapping(untilNode, "grid.seed.until"), "grid.seed.until", UntilKeys);
        var metricNode = Required(until, untilNode, "grid.seed.until", "metric");
        var metricName = Scalar(metricNode, "grid.seed.until.metric");
        if (!SeedMetrics.ByOption.TryGetValue(metricName, out var metric))
            throw Error(metricNode, "grid.seed.until.metric", $"'{metricName}' is not a metric; expected one of: {string.Join(", ", SeedMetrics.ByOption.Keys)}.");
        var widthNode = Required(until, untilNode, "grid.seed.until", "ci95_halfwidth");
        var widthText = Scalar(widthNode, "grid.seed.until.ci95_halfwidth");
        if (!double.TryParse(widthText, NumberStyles.Float, CultureInfo.InvariantCulture, out var halfWidth) || !double.IsFinite(halfWidth) || halfWidth < 0)
            throw Error(widthNode, "grid.seed.until.ci95_halfwidth", $"'{widthText}' is not a number of 0 or more (the 95% interval's half-width, in the metric's units: high_quality as a fraction).");
        return new AdaptiveSeeds(start, max, step, metric, halfWidth);
    }

    private int[] Seeds(YamlNode node)
    {
        if (node is YamlScalarNode)
        {
            var count = PositiveInt(node, "grid.seed");
            return count <= SweepFileLimits.MaxTrials
                ? Enumerable.Range(1, count).ToArray()
                : throw Error(node, "grid.seed", $"{count:N0} seeds; a sweep may have at most {SweepFileLimits.MaxTrials:N0} trials.");
        }
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
            throw Error(node, "grid.seed", "expected a count (3 means seeds 1, 2, 3), a non-empty list of integers, or adaptive seeds {start, max, step, until: {metric, ci95_halfwidth}}.");

        var seeds = new List<int>();
        foreach (var item in sequence.Children)
        {
            var text = Scalar(item, "grid.seed");
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
                throw Error(item, "grid.seed", $"'{text}' is not an integer.");
            if (seeds.Contains(seed))
                throw Error(item, "grid.seed", $"seed {seed} is listed twice.");
            seeds.Add(seed);
        }

        return [.. seeds];
    }

    private KeyValuePair<string, string>[] KnobValues(YamlNode node, string path)
    {
        var knobs = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in Keys(Mapping(node, path), path, Knobs.Names))
        {
            var text = Scalar(value.Value, $"{path}.{key}");
            try
            {
                // Checked against any preset: a knob's accepted range does not depend on it.
                Knobs.Apply(Presets.Get(Presets.Lo17), key, text);
            }
            catch (SpecException e)
            {
                throw Error(value.Value, $"{path}.{key}", e.Problem);
            }

            knobs.Add(new(key, text));
        }

        return [.. knobs];
    }

    private string Preset(YamlNode node, string path)
    {
        var text = Scalar(node, path).ToLowerInvariant();
        if (!Presets.Names.Contains(text))
            throw Error(node, path, SpecException.NotOneOfProblem(text, Presets.Names));
        return text;
    }

    private string Name(YamlNode node)
    {
        var text = Scalar(node, "name");
        if (!NamePattern().IsMatch(text))
            throw Error(node, "name", $"'{text.ReplaceLineEndings("\\n")}' is not accepted; use letters, digits, '.', '_' and '-', starting with a letter or digit.");
        if (text.Length > SweepFileLimits.MaxNameLength)
            throw Error(node, "name", $"{text.Length} characters; a name may have at most {SweepFileLimits.MaxNameLength}.");
        return text;
    }

    private int PositiveInt(YamlNode node, string path)
    {
        var text = Scalar(node, path);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : throw Error(node, path, $"'{text}' is not accepted; expected an integer >= 1.");
    }

    private string Scalar(YamlNode node, string path) =>
        node is YamlScalarNode { Value: { Length: > 0 } value }
            ? value
            : throw Error(node, path, "expected a single value.");

    private YamlMappingNode Mapping(YamlNode node, string path) =>
        node as YamlMappingNode ?? throw Error(node, path, "expected a mapping of keys to values.");

    private YamlNode Required(Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys, YamlNode parent, string path, string key) =>
        keys.TryGetValue(key, out var entry) ? entry.Value : throw Error(parent, path.Length == 0 ? key : path, $"missing required key '{key}'.");

    /// <summary>The mapping's entries by key; an unknown key is an error that suggests the closest known one.</summary>
    private Dictionary<string, (YamlScalarNode Key, YamlNode Value)> Keys(YamlMappingNode mapping, string path, IReadOnlyCollection<string> known)
    {
        var entries = new Dictionary<string, (YamlScalarNode, YamlNode)>();
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = Scalar(keyNode, path);
            if (!known.Contains(key))
                throw Error(keyNode, Path(path, key), SpecException.NotOneOfProblem(key, known, "is not a known key"));
            if (!entries.TryAdd(key, ((YamlScalarNode)keyNode, value)))
                throw Error(keyNode, Path(path, key), "this key appears twice.");
        }

        return entries;
    }

    private static string Path(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    private SweepFileException Error(YamlNode node, string path, string problem) =>
        new(_file, node.Start.Line, node.Start.Column, $"{path}: {problem}");

    // \z, not $: "$" also matches before a final newline.
    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]*\z")]
    private static partial Regex NamePattern();
}
