namespace Sweep.Training.Specs;

/// <summary>A trial or sweep specification that cannot run; <see cref="Key"/> names the offending option or key.</summary>
public sealed class SpecException(string key, string problem) : Exception($"{key}: {problem}")
{
    public string Key { get; } = key;
    public string Problem { get; } = problem;

    public static SpecException NotOneOf(string key, string? given, IReadOnlyCollection<string> accepted) =>
        new(key, NotOneOfProblem(given, accepted));

    /// <summary>"'x' is not accepted; use one of: a, b. Did you mean 'a'?" — <paramref name="rejection"/> words the middle.</summary>
    public static string NotOneOfProblem(string? given, IReadOnlyCollection<string> accepted, string rejection = "is not accepted")
    {
        var hint = Suggestions.Closest(given, accepted);
        return $"'{given}' {rejection}; use one of: {string.Join(", ", accepted)}." + (hint is null ? "" : $" Did you mean '{hint}'?");
    }
}
