using TorchSharp;

namespace Sweep.Training.Tensors;

/// <summary>
/// Scalars for one scope of work (a step, an evaluation), each held until the scope is disposed:
/// <c>using var s = new HeldScalars(); x.mul_(s[0.02]);</c>. Whole numbers stay integer Scalars
/// (<c>s[100]</c>), as TorchSharp's implicit conversions made them, so integer tensors stay integer.
/// See <see cref="Held"/> for why.
/// </summary>
public sealed class HeldScalars : IDisposable
{
    private readonly List<Scalar> _held = [];

    public Scalar this[double value] => Hold(Held.Make(value));

    public Scalar this[long value] => Hold(Held.Make(value));

    private Scalar Hold(Scalar scalar)
    {
        _held.Add(scalar);
        return scalar;
    }

    public void Dispose()
    {
        foreach (var scalar in _held) scalar.Dispose();
        _held.Clear();
    }
}
