using Prometheus;
using Sweep.Orchestration.Coordination;
using Sweep.Orchestration.Live;
using Sweep.Store;

namespace Sweep.Web;

/// <summary>
/// The coordinator's Prometheus metrics (<c>/metrics</c>), in a registry of their own. Counters
/// and the flush histogram are fed by the coordinator as it works (<see cref="ICoordinatorObserver"/>);
/// gauges are read from the live view when scraped.
/// </summary>
public sealed class SweepMetrics : ICoordinatorObserver
{
    private readonly Counter _dispatches;
    private readonly Counter _checkpointBytes;
    private readonly Counter _checkpoints;
    private readonly Histogram _flushSeconds;
    private readonly Counter _recordsWritten;
    private readonly Gauge _trials;
    private readonly Gauge _pending;
    private readonly Gauge _dispatchRate;
    private readonly Gauge _slots;
    private readonly Gauge _slotsBusy;
    private readonly Gauge _utilisation;
    private readonly PerSecond _recentDispatches = new();
    private readonly HashSet<string> _nodesShown = [];
    private LiveBoard? _board;

    public SweepMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var metrics = Metrics.WithCustomRegistry(Registry);
        _trials = metrics.CreateGauge("sweep_trials", "Trials by state, over every sweep the coordinator holds (a trial shared by sweeps counts once).", "state");
        _pending = metrics.CreateGauge("sweep_pending_trials", "Trials waiting for a slot: the coordinator's queue depth.");
        _dispatches = metrics.CreateCounter("sweep_dispatches_total", "Attempts dispatched to a slot.");
        _dispatchRate = metrics.CreateGauge("sweep_dispatches_per_second", "Attempts dispatched per second, over the last minute.");
        _slots = metrics.CreateGauge("sweep_node_slots", "Slots a node registered.", "node");
        _slotsBusy = metrics.CreateGauge("sweep_node_slots_busy", "A node's slots running a trial now.", "node");
        _utilisation = metrics.CreateGauge("sweep_node_slot_utilisation", "The fraction of a node's slots running a trial now (0 to 1).", "node");
        _checkpointBytes = metrics.CreateCounter("sweep_checkpoint_bytes_total", "Bytes of checkpoints stored.");
        _checkpoints = metrics.CreateCounter("sweep_checkpoints_total", "Checkpoints stored.");
        _flushSeconds = metrics.CreateHistogram("sweep_store_flush_seconds", "How long the coordinator took to write one batch of trial changes to the database (one transaction, synced).",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });
        _recordsWritten = metrics.CreateCounter("sweep_store_records_written_total", "Trial records written by the coordinator's flushes.");
        Registry.AddBeforeCollectCallback(Refresh);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Where the gauges are read from; until set they stay at zero.</summary>
    public void ReadFrom(LiveBoard board) => _board = board;

    public void Dispatched()
    {
        _dispatches.Inc();
        _recentDispatches.Add();
    }

    public void CheckpointStored(long bytes)
    {
        _checkpointBytes.Inc(bytes);
        _checkpoints.Inc();
    }

    public void Flushed(TimeSpan took, int records)
    {
        _flushSeconds.Observe(took.TotalSeconds);
        _recordsWritten.Inc(records);
    }

    private void Refresh()
    {
        _dispatchRate.Set(_recentDispatches.PerSecondOverLastMinute());
        if (_board?.Current is not { } state) return;
        var trials = state.Sweeps.Values.SelectMany(s => s.Trials.Values).DistinctBy(t => t.Id).ToList();
        foreach (var trialState in Enum.GetValues<TrialState>())
            _trials.WithLabels(trialState.ToString().ToLowerInvariant()).Set(trials.Count(t => t.State == trialState));
        _pending.Set(trials.Count(t => t.State == TrialState.Pending));

        lock (_nodesShown)
        {
            foreach (var gone in _nodesShown.Except(state.Nodes.Select(n => n.Key)).ToList())
            {
                _slots.RemoveLabelled(gone);
                _slotsBusy.RemoveLabelled(gone);
                _utilisation.RemoveLabelled(gone);
                _nodesShown.Remove(gone);
            }

            foreach (var node in state.Nodes)
            {
                _slots.WithLabels(node.Key).Set(node.Slots);
                _slotsBusy.WithLabels(node.Key).Set(node.Running);
                _utilisation.WithLabels(node.Key).Set(node.Slots == 0 ? 0 : node.Running / (double)node.Slots);
                _nodesShown.Add(node.Key);
            }
        }
    }

    /// <summary>Events counted per second in a ring of the last minute's seconds.</summary>
    private sealed class PerSecond
    {
        private const int Seconds = 60;
        private readonly long[] _counts = new long[Seconds];
        private readonly long[] _secondOf = new long[Seconds];

        public void Add()
        {
            var now = Environment.TickCount64 / 1000;
            var slot = (int)(now % Seconds);
            lock (_counts)
            {
                if (_secondOf[slot] != now) (_secondOf[slot], _counts[slot]) = (now, 0);
                _counts[slot]++;
            }
        }

        public double PerSecondOverLastMinute()
        {
            var now = Environment.TickCount64 / 1000;
            lock (_counts)
                return Enumerable.Range(0, Seconds).Where(i => now - _secondOf[i] is > 0 and <= Seconds).Sum(i => _counts[i]) / (double)Seconds;
        }
    }
}
