using Sweep.Tests.Support;
using Sweep.Training.Data;
using static TorchSharp.torch;

namespace Sweep.Tests.Training;

[Collection(TorchTests.Name)]
public sealed class SyntheticDatasetTests
{
    private static float[,] MeansOf(GaussianMixture data)
    {
        var flat = data.Means.data<float>().ToArray();
        var means = new float[data.Modes, data.Dim];
        Buffer.BlockCopy(flat, 0, means, 0, flat.Length * sizeof(float));
        return means;
    }

    [Theory]
    [InlineData(2.0, 0.02)]   // LO17 / Metz
    [InlineData(1.0, 0.01)]   // VEEGAN / PacGAN
    public void Ring_has_eight_distinct_centres_at_angles_two_pi_i_over_eight(double radius, double std)
    {
        using var ring = SyntheticDatasets.Ring(8, radius, std);
        var means = MeansOf(ring);

        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(radius * Math.Cos(2 * Math.PI * i / 8), means[i, 0], 5);
            Assert.Equal(radius * Math.Sin(2 * Math.PI * i / 8), means[i, 1], 5);
        }

        // Neighbouring centres are one chord apart: none repeats (the linspace(0, 2π, 8) mistake would).
        var chord = 2 * radius * Math.Sin(Math.PI / 8);
        for (var i = 0; i < 8; i++)
        {
            var j = (i + 1) % 8;
            Assert.Equal(chord, Math.Sqrt(Math.Pow(means[i, 0] - means[j, 0], 2) + Math.Pow(means[i, 1] - means[j, 1], 2)), 4);
        }
    }

    [Fact]
    public void Grid_centres_are_the_twenty_five_points_of_minus_four_to_four_step_two()
    {
        using var grid = SyntheticDatasets.Grid(0.05);
        var means = MeansOf(grid);
        var points = Enumerable.Range(0, 25).Select(i => (means[i, 0], means[i, 1])).ToHashSet();

        var expected = from x in new[] { -4f, -2f, 0f, 2f, 4f } from y in new[] { -4f, -2f, 0f, 2f, 4f } select (x, y);
        Assert.Equal(expected.ToHashSet(), points);
    }

    [Theory]
    [InlineData("ring")]
    [InlineData("grid")]
    public void Samples_have_equal_mode_weights_and_the_defined_std(string name)
    {
        using var data = name == "ring" ? SyntheticDatasets.Ring(8, 2, 0.02) : SyntheticDatasets.Grid(0.05);
        using var generator = new Generator(7);
        const int n = 100_000;
        using var samples = data.Sample(n, generator);

        using var distances = cdist(samples, data.Means);
        var nearest = distances.min(1);
        var counts = bincount(nearest.indexes, minlength: data.Modes).data<long>().ToArray();
        var expected = (double)n / data.Modes;
        // Multinomial counts: each within 5 binomial standard deviations of n/k.
        var tolerance = 5 * Math.Sqrt(expected * (1 - 1.0 / data.Modes));
        Assert.All(counts, c => Assert.InRange(c, expected - tolerance, expected + tolerance));

        // Offsets from the assigned mean: zero mean, per-coordinate std = the dataset's std.
        using var offsets = samples - data.Means.index_select(0, nearest.indexes);
        Assert.InRange(offsets.mean().item<float>(), -0.01 * data.Std, 0.01 * data.Std);
        Assert.InRange(offsets.std().item<float>(), 0.98 * data.Std, 1.02 * data.Std);
    }

    [Fact]
    public void Hd1200_noise_fills_the_first_700_coordinates_and_the_rest_sit_on_the_offset()
    {
        using var data = SyntheticDatasets.Hd1200();
        using var generator = new Generator(3);
        using var samples = data.Sample(20_000, generator);

        Assert.Equal(10, data.Modes);
        Assert.Equal(1200, data.Dim);

        // The last 500 coordinates of a sample all equal one of the ten offsets m.
        using var tail = samples.narrow(1, 700, 500);
        using var first = tail.select(1, 0);
        Assert.True(tail.eq(first.unsqueeze(1)).all().item<bool>());
        var offsets = first.data<float>().ToArray().Distinct().Order().ToArray();
        Assert.Equal(SyntheticDatasets.Hd1200Offsets.Order().ToArray(), offsets);

        // The first 700 are N(m, 1) around that same offset.
        using var head = samples.narrow(1, 0, 700) - first.unsqueeze(1);
        Assert.InRange(head.mean().item<float>(), -0.01, 0.01);
        Assert.InRange(head.std().item<float>(), 0.99, 1.01);
    }

    [Fact]
    public void A_fixed_set_is_the_same_for_the_same_seed_and_batches_come_from_it()
    {
        using var data = SyntheticDatasets.Ring(8, 2, 0.02);
        using var setA = new Generator(11);
        using var setB = new Generator(11);
        using var fixedA = RealData.Fixed(data, 1000, setA);
        using var fixedB = RealData.Fixed(data, 1000, setB);
        using var drawA = new Generator(5);
        using var drawB = new Generator(5);

        using var batchA = fixedA.Next(256, drawA);
        using var batchB = fixedB.Next(256, drawB);

        Assert.True(batchA.eq(batchB).all().item<bool>());
    }
}
