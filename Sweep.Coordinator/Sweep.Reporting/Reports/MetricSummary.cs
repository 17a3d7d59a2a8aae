using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace Sweep.Reporting;

/// <summary>n, mean, sample standard deviation and the 95% confidence interval's half-width (Student t).</summary>
public sealed record MetricSummary(int N, double Mean, double Std, double Ci95)
{
    /// <summary>Null when there is no value; with one value, std and CI are NaN (undefined, not zero).</summary>
    public static MetricSummary? Of(IEnumerable<double> values)
    {
        var data = values.ToArray();
        if (data.Length == 0) return null;
        if (data.Length == 1) return new MetricSummary(1, data[0], double.NaN, double.NaN);
        var std = data.StandardDeviation();
        var t = StudentT.InvCDF(0, 1, data.Length - 1, 0.975);
        return new MetricSummary(data.Length, data.Mean(), std, t * std / Math.Sqrt(data.Length));
    }

    /// <summary>The same summary in other units (a fraction as a percentage).</summary>
    public MetricSummary Scaled(double factor) => this with { Mean = Mean * factor, Std = Std * factor, Ci95 = Ci95 * factor };
}
