using TorchSharp;

namespace Sweep.Training.Tensors;

/// <summary>
/// Scalars that outlive every native call reading them. TorchSharp 0.107 passes a Scalar's handle
/// to libtorch without keeping the object alive, so a Scalar that nothing holds (an implicit
/// conversion, or one TorchSharp makes inside an overload) can be finalized mid-call and read freed
/// memory. These constants live as long as the process; <see cref="HeldScalars"/> holds others
/// for a scope. The build bans every other way of making one (build/BannedSymbols.TorchSharp.txt).
/// </summary>
public static class Held
{
    /// <summary>Integer 1, as TorchSharp's own default alpha: add(other, Held.One) is a + b.</summary>
    public static Scalar One { get; } = Constant(1L);

    /// <summary>Integer 2: pow(Held.Two) is TorchSharp's square().</summary>
    public static Scalar Two { get; } = Constant(2L);

    /// <summary>A Scalar for a static readonly field: never freed, so only for a fixed set of values.</summary>
    public static Scalar Constant(double value) => Make(value);

    /// <inheritdoc cref="Constant(double)"/>
    public static Scalar Constant(long value) => Make(value);

    // The one place Sweep makes Scalars; every caller keeps what it gets alive.
#pragma warning disable RS0030
    internal static Scalar Make(double value) => value.ToScalar();

    internal static Scalar Make(long value) => value.ToScalar();
#pragma warning restore RS0030
}
