namespace Sweep.Training.Specs;

/// <summary>What Unrolled GAN's generator minimises through the discriminator unrolled k steps (knob <c>unrolled_g_loss</c>).</summary>
public enum UnrolledGeneratorLoss
{
    /// <summary>
    /// Metz et al.'s saddle objective f(θ_G, θ_D^K(θ_G)) = E_x log D_K(x) + E_z log(1 − D_K(G(z))): the
    /// real-data term reaches θ_G through the unrolled updates (their notebook: minimize(-unrolled_loss)).
    /// </summary>
    Saddle,

    /// <summary>The non-saturating −E_z log D_K(G(z)) on fakes only (Sweep's objective before revision 1).</summary>
    NonSaturating,
}

/// <summary>ALI's encoder E: x → z (knob <c>ali_encoder</c>).</summary>
public enum AliEncoder
{
    /// <summary>E(x) = μ(x) + σ(x)·ε, ε ~ N(0, I), reparameterised (ALI §2; ALI's image experiments).</summary>
    Gaussian,

    /// <summary>E(x, ε) with ε ~ N(0, I) of x's size fed beside x (ALI's and PacGAN's 2-D scripts: COVConditional).</summary>
    NoiseInput,

    /// <summary>E(x), no noise (Sweep's encoder before revision 1).</summary>
    Deterministic,
}

/// <summary>Which draws VEEGAN's G/F update uses (knob <c>veegan_batch</c>).</summary>
public enum GeneratorBatch
{
    /// <summary>The noise of the discriminator's (last) update this iteration, as VEEGAN's notebook runs both updates on one batch.</summary>
    Shared,

    /// <summary>Fresh noise (Sweep's update before revision 1).</summary>
    Fresh,
}

/// <summary>How the MLPs' weights start (knob <c>weight_init</c>); the framework's default when unset.</summary>
public enum WeightInit
{
    /// <summary>PyTorch's default (kaiming uniform, a = √5).</summary>
    Default,

    /// <summary>Orthogonal weights scaled by <c>weight_init_gain</c>, biases 0 (Metz et al.'s 2-D mixture).</summary>
    Orthogonal,
}
