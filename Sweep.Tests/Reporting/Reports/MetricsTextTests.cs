using Sweep.Reporting;
using Sweep.Store;

namespace Sweep.Tests.Reporting.Reports;

public sealed class MetricsTextTests
{
    [Fact]
    public void A_log_line_names_only_what_the_trials_dataset_measures()
    {
        Assert.Equal("7/8 modes, 52.5 % high quality", MetricsText.Of(new TrialRecord { Modes = 7, MaxModes = 8, HighQuality = 0.525 }.Metrics()));
        Assert.Equal("35/1000 modes, KL 3.210, IvOM 0.0712 ± 0.0100",
            MetricsText.Of(new TrialRecord { Modes = 35, MaxModes = 1000, Kl = 3.21, IvomMean = 0.0712, IvomStd = 0.01 }.Metrics()));
        Assert.Equal("IvOM 0.0123 ± 0.0020", MetricsText.Of(new TrialRecord { IvomMean = 0.0123, IvomStd = 0.002 }.Metrics()));
    }
}
