using System.Collections.Concurrent;
using Akka.Actor;
using Sweep.Orchestration.Coordination;
using Sweep.Reporting.Pictures;
using Sweep.Store;
using Sweep.Training.Specs;
using Sweep.Training.Tracing;

namespace Sweep.Web;

/// <summary>
/// A finished trial's pictures (its snapshots at both ends, which are its LO17 panels, and its
/// curves), drawn from its stored trace on first request and kept for the next: a finished trial's
/// trace never changes. The trace comes from the coordinator, which owns the database.
/// </summary>
internal sealed class TrialPictureCache(IActorRef coordinator)
{
    private const int Kept = 64;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<TrialPicture>>>> _drawn = new(StringComparer.Ordinal);

    /// <summary>The trial's pictures; empty when it is not finished or has no trace.</summary>
    /// <exception cref="InvalidDataException">The stored trace cannot be read, or the coordinator could not read it.</exception>
    public Task<IReadOnlyList<TrialPicture>> GetAsync(TrialRecord trial)
    {
        if (!trial.State.IsFinal()) return Task.FromResult<IReadOnlyList<TrialPicture>>([]);
        if (_drawn.Count >= Kept) _drawn.Clear();   // a crude bound: pictures are cheap to draw again
        var drawn = _drawn.GetOrAdd(trial.Id, _ => new Lazy<Task<IReadOnlyList<TrialPicture>>>(() => DrawAsync(trial)));
        if (drawn.Value.IsFaulted) _drawn.TryRemove(trial.Id, out _);   // asked again next time
        return drawn.Value;
    }

    /// <summary>The trial's stored trace in its stored form; null when it has none.</summary>
    /// <exception cref="InvalidDataException">The coordinator could not read it.</exception>
    public async Task<byte[]?> TraceAsync(string trialId)
    {
        var read = await coordinator.Ask<TraceRead>(new ReadTrace(trialId), AskTimeout);
        return read.Error is null ? read.Trace : throw new InvalidDataException(read.Error);
    }

    private async Task<IReadOnlyList<TrialPicture>> DrawAsync(TrialRecord trial)
    {
        var bytes = await TraceAsync(trial.Id);
        if (bytes is null) return [];
        return await Task.Run(() => TrialPictures.Render(TrialSpec.FromJson(trial.Spec), TraceFormat.Read(bytes)));
    }
}
