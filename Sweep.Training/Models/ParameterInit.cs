using Sweep.Training.Tensors;
using static TorchSharp.torch;

namespace Sweep.Training.Models;

/// <summary>
/// Parameter initialisations, redrawn from the trial's own generator so that concurrent trials
/// never share the process-wide random state: the framework's default and DCGAN's.
/// </summary>
/// <remarks>
/// Drawn with <c>rand(generator)</c> and copied in: TorchSharp 0.107's <c>nn.init.uniform_</c>
/// ignores its generator argument (seen here: two calls with equally seeded generators differ).
/// </remarks>
public static class ParameterInit
{
    /// <summary>
    /// PyTorch's default for every linear and convolution layer of <paramref name="network"/>
    /// (kaiming_uniform with a=√5): weight and bias ~ U(−1/√fan_in, 1/√fan_in), fan_in being a
    /// weight's elements per output unit. Drawn layer by layer, weight before bias.
    /// </summary>
    public static void ResetDefault(nn.Module network, Generator generator)
    {
        using var _ = no_grad();
        var fanIns = new Dictionary<string, long>();
        foreach (var (name, parameter) in network.named_parameters())
        {
            var layer = name[..name.LastIndexOf('.')];
            if (name.EndsWith(".weight", StringComparison.Ordinal)) fanIns[layer] = parameter.numel() / parameter.shape[0];
            Uniform(parameter, 1.0 / Math.Sqrt(fanIns[layer]), generator);
        }
    }

    /// <summary>
    /// DCGAN's initialisation for the image networks: convolution and linear weights ~ N(0, 0.02),
    /// batch-norm scales ~ N(1, 0.02), every bias 0.
    /// </summary>
    public static void Dcgan(nn.Module network, Generator generator)
    {
        using var _ = no_grad();
        foreach (var (name, parameter) in network.named_parameters())
        {
            if (name.EndsWith("bias", StringComparison.Ordinal)) parameter.zero_();
            else
            {
                // Batch norm's scale is the only one-dimensional weight.
                var mean = parameter.dim() == 1 ? 1.0 : 0.0;
                using var s = new HeldScalars();
                using var draw = randn(parameter.shape, dtype: parameter.dtype, generator: generator);
                parameter.copy_(draw.mul_(s[0.02]).add_(s[mean], Held.One));
            }
        }
    }

    /// <summary>
    /// Orthogonal weights scaled by <paramref name="gain"/> and zero biases (Metz et al.'s 2-D nets, after
    /// TensorFlow's orthogonal initializer): each weight, flattened to rows × rest, is the Q of a QR
    /// decomposition of a standard normal matrix, signs fixed by R's diagonal (as PyTorch's orthogonal_).
    /// </summary>
    public static void Orthogonal(nn.Module network, double gain, Generator generator)
    {
        using var _ = no_grad();
        using var s = new HeldScalars();
        foreach (var (name, parameter) in network.named_parameters())
        {
            if (!name.EndsWith(".weight", StringComparison.Ordinal))
            {
                parameter.zero_();
                continue;
            }

            using var scope = NewDisposeScope();
            var (rows, columns) = (parameter.shape[0], parameter.numel() / parameter.shape[0]);
            var draw = randn([rows, columns], dtype: parameter.dtype, generator: generator);
            var tall = rows < columns ? draw.t() : draw;
            var (q, r) = linalg.qr(tall);
            q = q.mul(r.diagonal().sign());
            parameter.copy_((rows < columns ? q.t() : q).reshape(parameter.shape).mul(s[gain]));
        }
    }

    private static void Uniform(Tensor parameter, double bound, Generator generator)
    {
        using var s = new HeldScalars();
        using var draw = rand(parameter.shape, dtype: parameter.dtype, generator: generator);
        parameter.copy_(draw.mul_(s[2 * bound]).sub_(s[bound]));
    }
}
