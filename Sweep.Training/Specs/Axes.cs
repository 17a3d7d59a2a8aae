namespace Sweep.Training.Specs;

public enum DatasetKind { Ring, Grid, Hd1200, StackedMnist, Cifar10 }

public static class DatasetKinds
{
    /// <summary>Image datasets train DCGAN-style convolutional nets and are scored by a classifier and IvOM.</summary>
    public static bool IsImage(this DatasetKind dataset) => dataset is DatasetKind.StackedMnist or DatasetKind.Cifar10;
}

public enum MethodKind { Gan, Unrolled, Veegan, Ali }

public enum InitKind { Normal, Covering }

public enum NoiseKind { Unimodal, Multimodal }

public enum NoiseDistribution { Gaussian, Uniform }

/// <summary>The names users type for each axis value (kebab-case), and back.</summary>
public static class AxisNames
{
    public static string Of<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static IReadOnlyList<string> All<T>() where T : struct, Enum =>
        Enum.GetValues<T>().Select(Of).ToArray();

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Of(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Parses <paramref name="text"/> or throws a <see cref="SpecException"/> naming <paramref name="key"/> and the accepted values.</summary>
    public static T Parse<T>(string key, string? text) where T : struct, Enum =>
        TryParse<T>(text, out var value)
            ? value
            : throw SpecException.NotOneOf(key, text, All<T>());
}
