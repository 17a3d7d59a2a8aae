using Sweep.Tests.Support;
using Sweep.Training.Running;
using Sweep.Training.Specs;
using static TorchSharp.torch;

namespace Sweep.Tests.Training;

/// <summary>
/// VEEGAN's notebook runs the discriminator's and the generator/reconstructor's updates on one batch:
/// the G/F update must draw nothing of its own, so one iteration consumes exactly one batch of the
/// training stream (z, x, G's extra noise, the reconstructor's ε).
/// </summary>
[Collection(TorchTests.Name)]
public sealed class VeeganBatchTests
{
    [Theory]
    [InlineData("shared", true)]
    [InlineData("fresh", false)]
    public void The_generator_update_reuses_the_discriminators_noise(string batch, bool reused)
    {
        var spec = Specs.Trial("ring", "veegan", set: [("batch_size", "32"), ("veegan_batch", batch)]);
        using var session = new TrialSession(spec);
        using var replay = SeedStreams.For(spec.Seed, SeedStreams.Train);

        session.Step();
        // One discriminator batch, drawn in the method's order, from a copy of the training stream.
        using (var scope = NewDisposeScope())
        {
            var context = session.Context;
            var z = context.Noise.Latent(32, replay);
            context.Data.Next(32, replay);
            context.Noise.GeneratorInput(z, replay);
            randn([32, z.shape[1]], generator: replay);
        }

        using var next = randn([8], generator: session.Context.Generator);
        using var afterOneBatch = randn([8], generator: replay);
        Assert.Equal(reused, next.eq(afterOneBatch).all().item<bool>());
        Assert.Equal(batch == "shared" ? GeneratorBatch.Shared : GeneratorBatch.Fresh, spec.Hyper.VeeganBatch);
    }
}
