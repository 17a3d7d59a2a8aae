using System.Reflection;
using System.Text.Json;

namespace Sweep.Reporting;

/// <summary>
/// A paper's published results, shipped as data (<c>Reports/Papers/*.json</c>) with their source,
/// what each metric means there and how many runs a number summarises.
/// </summary>
public sealed record PaperTable(
    string Name, string Title, string Source, string Runs, string Protocol, IReadOnlyDictionary<string, string> Metrics, IReadOnlyList<PaperCell> Cells)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IReadOnlyList<string> Names { get; } =
        Assembly.GetExecutingAssembly().GetManifestResourceNames().Where(n => n.StartsWith("papers/", StringComparison.Ordinal))
            .Select(n => n["papers/".Length..^".json".Length]).Order(StringComparer.Ordinal).ToList();

    /// <returns>null for a name no table has.</returns>
    public static PaperTable? Find(string name)
    {
        if (!Names.Contains(name)) return null;
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"papers/{name}.json")!;
        return JsonSerializer.Deserialize<PaperTable>(stream, Json);
    }
}

/// <summary>
/// One published number for a method on a dataset (and an init and noise, default LO17's baseline),
/// compared by <see cref="Rule"/>: "mean" — inside Sweep's 95% CI of the mean; "every-seed" — every
/// seed's value equals it; "at-least" — Sweep's CI reaches it.
/// </summary>
public sealed record PaperCell(
    string Method, string Dataset, string Metric, double Value,
    string Init = "normal", string Noise = "unimodal", string Rule = "mean", double? Spread = null, string? Claim = null);
