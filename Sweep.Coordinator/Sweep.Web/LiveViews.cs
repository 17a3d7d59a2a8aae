using Sweep.Orchestration.Live;
using Sweep.Reporting;

namespace Sweep.Web;

/// <summary>What the routes share: the live state, its reports drawn once per version, the trials' pictures.</summary>
internal sealed class LiveViews(LiveBoard board, TrialPictureCache pictures)
{
    /// <summary>How often a live stream may send a page's sections: the most a page is drawn per second, whatever the number of viewers.</summary>
    public static readonly TimeSpan StreamInterval = TimeSpan.FromSeconds(1);

    public LiveBoard Board { get; } = board;
    public TrialPictureCache Pictures { get; } = pictures;
    public RenderCache Cache { get; } = new();

    /// <summary>The sweep as the exports see it now.</summary>
    public SweepReport Report(LiveSweep sweep, long version) =>
        Cache.Get($"report\n{sweep.Sweep.Name}", version, TimeSpan.Zero, () => new SweepReport(sweep.Sweep, sweep.InGridOrder()))!;
}
