using System.Text.Json.Serialization;

namespace Sweep.Training.Tracing;

/// <summary>The state of a trial's game at one iteration, as much of it as a picture needs.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(PlaneSnapshot), "plane")]
[JsonDerivedType(typeof(SampleGridSnapshot), "samples")]
public abstract record TrialSnapshot(int Iteration);

/// <summary>
/// Real and generated samples in a plane — the data's own for 2-D datasets, the real data's first two
/// principal axes otherwise — with the mode centres and, in the data's own plane, the discriminator's
/// decision surface. Points are stored as x, y pairs.
/// </summary>
public sealed record PlaneSnapshot(
    int Iteration,
    string XLabel,
    string YLabel,
    float[] Real,
    float[] Fake,
    float[] ModeCentres,
    DecisionSurface? Surface) : TrialSnapshot(Iteration);

/// <summary>
/// The discriminator's belief that a point is real (0 = fake, 255 = real) on a
/// <see cref="Resolution"/> × <see cref="Resolution"/> grid of cell centres over the extent; row 0 is
/// the lowest y, column 0 the lowest x.
/// </summary>
public sealed record DecisionSurface(double XMin, double XMax, double YMin, double YMax, int Resolution, byte[] Realness)
{
    public double At(int row, int column) => Realness[row * Resolution + column] / 255.0;
}

/// <summary>Generated images as bytes (0..255), image after image, each channel-major (C × H × W).</summary>
public sealed record SampleGridSnapshot(int Iteration, int Count, int Channels, int Height, int Width, byte[] Pixels)
    : TrialSnapshot(Iteration);
