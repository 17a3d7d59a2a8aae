using System.Collections.Concurrent;

namespace Sweep.Web;

/// <summary>
/// Rendered views shared by every client: a view is drawn once per state version, and live
/// streams accept one up to <c>fresh</c> old, so ten watching clients cost what one does.
/// </summary>
internal sealed class RenderCache
{
    private sealed record Entry(long Version, long AtTicks, object Value);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, object> _locks = new(StringComparer.Ordinal);

    /// <param name="fresh">How old a render may be and still be taken for a newer version (zero: only the same version).</param>
    public T Get<T>(string key, long version, TimeSpan fresh, Func<T> render) where T : class
    {
        if (Usable(key, version, fresh) is T cached) return cached;
        lock (_locks.GetOrAdd(key, _ => new object()))
        {
            if (Usable(key, version, fresh) is T again) return again;   // drawn by another client meanwhile
            var value = render();
            _entries[key] = new Entry(version, Environment.TickCount64, value);
            if (_entries.Count > 256) Trim();
            return value;
        }
    }

    private object? Usable(string key, long version, TimeSpan fresh) =>
        _entries.TryGetValue(key, out var entry) && (entry.Version == version || (entry.Version < version && Environment.TickCount64 - entry.AtTicks < fresh.TotalMilliseconds))
            ? entry.Value
            : null;

    /// <summary>Views of sweeps and trials nobody looks at any more go; the oldest half, roughly.</summary>
    private void Trim()
    {
        foreach (var key in _entries.OrderBy(e => e.Value.AtTicks).Take(_entries.Count / 2).Select(e => e.Key).ToList())
        {
            _entries.TryRemove(key, out _);
            _locks.TryRemove(key, out _);
        }
    }
}
