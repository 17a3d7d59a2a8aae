namespace Sweep.Training.Specs;

/// <summary>A trial or sweep specification that cannot run; <see cref="Key"/> names the offending option or key.</summary>
public sealed class SpecException(string key, string problem) : Exception($"{key}: {problem}")
{
    public string Key { get; } = key;
    public string Problem { get; } = problem;

    public static SpecException NotOneOf(string key, string? given, IReadOnlyCollection<string> accepted)
    {
        var hint = Suggestions.Closest(given, accepted);
        return new SpecException(key,
            $"'{given}' is not accepted; use one of: {string.Join(", ", accepted)}." +
            (hint is null ? "" : $" Did you mean '{hint}'?"));
    }
}
