namespace Sweep.Reporting.Statistics;

/// <summary>
/// Holm's step-down correction (Holm 1979) of a family of p-values: the k-th smallest is multiplied
/// by (m − k + 1), and adjusted values never fall below an earlier one. Controls the family-wise
/// error rate as Bonferroni does, with more power.
/// </summary>
public static class Holm
{
    /// <returns>The adjusted p-values, in the order given.</returns>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        var running = 0.0;
        for (var k = 0; k < m; k++)
        {
            running = Math.Max(running, Math.Min(1, (m - k) * pValues[order[k]]));
            adjusted[order[k]] = running;
        }

        return adjusted;
    }
}
