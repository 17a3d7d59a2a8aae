using Sweep.Tests.Support;
using static TorchSharp.torch;

namespace Sweep.Tests.Training.Tensors;

/// <summary>
/// The build bans (BannedApiAnalyzers) every TorchSharp call that could give libtorch a Scalar the
/// GC may free during the call; these tests keep that list complete for the TorchSharp in use.
/// </summary>
public sealed class BannedScalarApiTests
{
    private static readonly string BannedFile = Path.Combine(Repository.Root, "build", "BannedSymbols.TorchSharp.txt");

    [Fact]
    public void Every_TorchSharp_member_that_makes_a_hidden_Scalar_is_banned()
    {
        var banned = Banned();
        var missing = HiddenScalarMakers.In(typeof(Tensor).Assembly.Location).Where(id => !banned.Contains(id)).Order().ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} TorchSharp member(s) make a hidden Scalar and are not in {BannedFile}:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void The_scan_tells_the_overload_that_makes_a_scalar_from_the_one_that_takes_it()
    {
        var makers = HiddenScalarMakers.In(typeof(Tensor).Assembly.Location);
        Assert.Contains("M:TorchSharp.torch.Tensor.add(TorchSharp.torch.Tensor)", makers);              // add(target, 1)
        Assert.DoesNotContain("M:TorchSharp.torch.Tensor.add(TorchSharp.torch.Tensor,TorchSharp.Scalar)", makers);
        Assert.Contains("M:TorchSharp.torch.nn.functional.leaky_relu(TorchSharp.torch.Tensor,System.Double,System.Boolean)", makers);
        Assert.Contains("M:TorchSharp.Modules.Adam.step(System.Func{TorchSharp.torch.Tensor})", makers); // through its lambda
        Assert.DoesNotContain("M:TorchSharp.torch.Tensor.sub(TorchSharp.torch.Tensor)", makers);
    }

    private static HashSet<string> Banned() =>
        File.ReadLines(BannedFile)
            .Select(line => line.Split("//")[0].Split(';')[0].Trim())
            .Where(id => id.Length > 0)
            .ToHashSet();
}
