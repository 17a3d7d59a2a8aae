namespace Sweep.Reporting.Statistics;

/// <summary>A confidence interval, both ends included.</summary>
public readonly record struct Interval(double Low, double High)
{
    public double HalfWidth => (High - Low) / 2;

    public bool Contains(double value) => Low <= value && value <= High;

    /// <summary>The same interval in other units (a fraction as a percentage).</summary>
    public Interval Scaled(double factor) => new(Low * factor, High * factor);
}
