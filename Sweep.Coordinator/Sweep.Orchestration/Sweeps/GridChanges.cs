namespace Sweep.Orchestration.Sweeps;

/// <summary>What differs between a stored sweep's definition and a new one, in the words of the sweep file.</summary>
public static class GridChanges
{
    public static IReadOnlyList<string> Describe(SweepDefinition before, SweepDefinition after)
    {
        var changes = new List<string>();
        Axis(changes, "dataset", before.Datasets, after.Datasets);
        Axis(changes, "method", before.Methods, after.Methods);
        Axis(changes, "init", before.Inits, after.Inits);
        Axis(changes, "noise", before.Noises, after.Noises);
        Axis(changes, "seed", before.Seeds.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            after.Seeds.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());
        Value(changes, "preset", before.Settings.Preset, after.Settings.Preset);
        Value(changes, "iterations", before.Settings.Iterations?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            after.Settings.Iterations?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var beforeSet = Render(before.Settings.Set);
        var afterSet = Render(after.Settings.Set);
        if (beforeSet != afterSet) changes.Add($"set: {beforeSet} → {afterSet}");
        if (!before.Overrides.Select(Render).SequenceEqual(after.Overrides.Select(Render))) changes.Add("overrides changed");
        return changes;
    }

    private static void Axis(List<string> changes, string key, IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var added = after.Except(before).ToList();
        var removed = before.Except(after).ToList();
        if (added.Count > 0) changes.Add($"{key}: added {string.Join(", ", added)}");
        if (removed.Count > 0) changes.Add($"{key}: removed {string.Join(", ", removed)}");
    }

    private static void Value(List<string> changes, string key, string? before, string? after)
    {
        if (before != after) changes.Add($"{key}: {before ?? "(default)"} → {after ?? "(default)"}");
    }

    private static string Render(IReadOnlyList<KeyValuePair<string, string>> set) =>
        set.Count == 0 ? "(none)" : string.Join(", ", set.Select(kv => $"{kv.Key}={kv.Value}"));

    private static string Render(AxisOverride o) =>
        $"{string.Join(",", o.When.Select(w => $"{w.Key}={w.Value}"))}:{o.Settings.Preset}:{o.Settings.Iterations}:{Render(o.Settings.Set)}";
}
