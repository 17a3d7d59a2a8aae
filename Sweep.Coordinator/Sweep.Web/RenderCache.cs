using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sweep.Web;

/// <summary>
/// Rendered views shared by every client: a view is drawn once per state version, and live
/// streams accept one up to <c>fresh</c> old, so ten watching clients cost what one does. A view
/// that takes long to draw (a sweep of tens of thousands of trials) is drawn less often: at most
/// <see cref="MostBusy"/> of one core goes to drawing it.
/// </summary>
internal sealed class RenderCache
{
    /// <summary>The most of one core a live view may take: a view that takes 20 ms to draw is redrawn at most once a second, one that takes 100 ms every 5 s.</summary>
    public const double MostBusy = 0.02;

    private sealed record Entry(long Version, long AtTicks, long DrawTicks, object Value);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, object> _locks = new(StringComparer.Ordinal);

    /// <param name="fresh">How old a render may be and still be taken for a newer version (zero: only the same version).</param>
    /// <returns>null for a live stream (<paramref name="fresh"/> &gt; 0) while another client draws the view's first version.</returns>
    public T? Get<T>(string key, long version, TimeSpan fresh, Func<T> render) where T : class
    {
        if (Usable(key, version, fresh) is T cached) return cached;
        var gate = _locks.GetOrAdd(key, _ => new object());
        // While another client draws this view, a live stream takes the last one (or nothing yet)
        // rather than wait: streams blocked on one drawing would hold pool threads the actors need.
        if (!Monitor.TryEnter(gate, fresh <= TimeSpan.Zero ? Timeout.Infinite : 0))
            return _entries.TryGetValue(key, out var last) ? (T)last.Value : null;
        try
        {
            if (Usable(key, version, fresh) is T again) return again;   // drawn by another client meanwhile
            var started = Stopwatch.GetTimestamp();
            var value = render();
            _entries[key] = new Entry(version, Stopwatch.GetTimestamp(), Stopwatch.GetTimestamp() - started, value);
            if (_entries.Count > 256) Trim();
            return value;
        }
        finally
        {
            Monitor.Exit(gate);
        }
    }

    private object? Usable(string key, long version, TimeSpan fresh)
    {
        if (!_entries.TryGetValue(key, out var entry) || entry.Version > version) return null;
        if (entry.Version == version) return entry.Value;
        if (fresh <= TimeSpan.Zero) return null;
        var patience = Math.Max(fresh.TotalSeconds * Stopwatch.Frequency, entry.DrawTicks / MostBusy);
        return Stopwatch.GetTimestamp() - entry.AtTicks < patience ? entry.Value : null;
    }

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
