using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sweep.Training.Specs;

/// <summary>One fully resolved trial: the grid axes, the seed, the budget and every knob.</summary>
public sealed record TrialSpec(
    DatasetKind Dataset,
    MethodKind Method,
    InitKind Init,
    NoiseKind Noise,
    int Seed,
    int Iterations,
    string Preset,
    Hyperparameters Hyper)
{
    /// <summary>
    /// The revision of Sweep's definitions this trial was resolved under (<see cref="Revisions"/>); 0
    /// is left out of the canonical JSON, so trials no change concerns keep their original ids.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Revision { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>Stable id: a hash of the canonical JSON, so the same configuration always has the same id.</summary>
    /// <remarks>Computed, never cached: a cached field would be copied by <c>with</c> into a changed spec.</remarks>
    [JsonIgnore]
    public string TrialId => IdOf(CanonicalJson());

    /// <summary>The id of the spec whose canonical JSON this is (saves serialising twice when both are needed).</summary>
    public static string IdOf(string canonicalJson) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)))[..16];

    public string CanonicalJson() => JsonSerializer.Serialize(this, Json);

    public static TrialSpec FromJson(string json) =>
        JsonSerializer.Deserialize<TrialSpec>(json, Json) ?? throw new JsonException("empty trial spec");

    [JsonIgnore]
    public string Label =>
        $"{AxisNames.Of(Dataset)}/{AxisNames.Of(Method)}/{AxisNames.Of(Init)}/{AxisNames.Of(Noise)}/seed {Seed}";
}
