using System.CommandLine;
using System.Globalization;
using CsCheck;
using Sweep.Cluster.Hosting;

namespace Sweep.Tests.Cluster.Hosting;

/// <summary>Settings come from the command line, then SWEEP_* variables, then appsettings.json; bad values name their source.</summary>
public sealed class LayeredSettingsTests : IDisposable
{
    // Names no other test uses: the environment is shared by every test in the process.
    private readonly Option<string> _knob = new("--layer-knob");
    private readonly Option<string> _other = new("--layer-other");
    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-settings-").FullName;

    [Fact]
    public void The_command_line_beats_the_environment_which_beats_the_file_which_beats_the_default()
    {
        var file = WriteFile("""{ "Sweep": { "LayerKnob": "7", "LayerOther": "from-file" } }""");
        Environment.SetEnvironmentVariable("SWEEP_LAYER_KNOB", "5");
        try
        {
            Assert.Equal(3, Load(file, "--layer-knob", "3").Int(_knob, minimum: 1));
            Assert.Equal(5, Load(file).Int(_knob, minimum: 1));
            Assert.Equal("from-file", Load(file).String(_other));
            Environment.SetEnvironmentVariable("SWEEP_LAYER_KNOB", null);
            Assert.Equal(7, Load(file).Int(_knob, minimum: 1));
            Assert.Null(Load(WriteFile("{}")).Int(_knob, minimum: 1));
        }
        finally
        {
            Environment.SetEnvironmentVariable("SWEEP_LAYER_KNOB", null);
        }
    }

    [Fact]
    public void A_bad_value_is_refused_naming_where_it_came_from_and_what_is_accepted()
    {
        var file = WriteFile("""{ "Sweep": { "LayerKnob": "lots" } }""");
        var fromFile = Assert.Throws<SettingsException>(() => Load(file).Int(_knob, minimum: 1));
        Assert.Equal($"{file}: Sweep:LayerKnob: 'lots' is not accepted; expected an integer >= 1.", fromFile.Message);
        var fromLine = Assert.Throws<SettingsException>(() => Load(file, "--layer-knob", "0").Int(_knob, minimum: 1));
        Assert.StartsWith("--layer-knob: '0' is not accepted", fromLine.Message);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), Load(file, "--layer-knob", "1.5s").Duration(_knob));
        Assert.Contains("expected a duration", Assert.Throws<SettingsException>(() => Load(file, "--layer-knob", "soon").Duration(_knob)).Message);
        Assert.Contains("not valid JSON", Assert.Throws<SettingsException>(() => Load(WriteFile("{ nope"))).Message);
        Assert.Contains("does not exist", Assert.Throws<SettingsException>(() => Load(Path.Combine(_folder, "missing.json"))).Message);
    }

    [Fact]
    public void Listening_beyond_loopback_needs_a_certificate_or_an_explicit_insecure()
    {
        var cluster = new ClusterCommandOptions("127.0.0.1:0");
        var command = new RootCommand();
        foreach (var option in cluster.All) command.Add(option);
        var empty = WriteFile("{}");

        var refused = Assert.Throws<SettingsException>(() => cluster.Resolve(cluster.Settings(command.Parse(["--bind", "0.0.0.0:4053", "--config", empty]))));
        Assert.Contains("--insecure", refused.Message);
        Assert.Contains("sweep certs init", refused.Message);

        var insecure = cluster.Resolve(cluster.Settings(command.Parse(["--bind", "0.0.0.0:4053", "--insecure", "--config", empty])));
        Assert.Equal((new Endpoint("0.0.0.0", 4053), null), (insecure.Bind, insecure.Tls));
        var loopback = cluster.Resolve(cluster.Settings(command.Parse(["--seed", "10.0.0.5:4053,10.0.0.6:4053", "--stable-after", "3s", "--config", empty])));
        Assert.Equal([new Endpoint("10.0.0.5", 4053), new Endpoint("10.0.0.6", 4053)], loopback.Seeds);
        Assert.Equal(TimeSpan.FromSeconds(3), loopback.Timing.StableAfter);
        Assert.StartsWith("--seed: '4053' is not accepted; expected HOST:PORT", Assert.Throws<SettingsException>(() =>
            cluster.Resolve(cluster.Settings(command.Parse(["--seed", "10.0.0.5:4053,4053", "--config", empty])))).Message);
        Assert.Contains("does not exist", Assert.Throws<SettingsException>(() => ClusterTls.Load(Path.Combine(_folder, "none.pfx"), null)).Message);
    }

    [Fact]
    public void Slots_share_the_devices_round_robin_and_a_cuda_device_is_accepted_only_where_libtorch_sees_it()
    {
        Assert.Equal(["cpu", "cpu", "cpu"], SlotDevices.Assign("cpu", 3, "--device"));
        Assert.Contains("expected cpu", Assert.Throws<SettingsException>(() => SlotDevices.Assign("gpu0", 2, "--device")).Message);
        Assert.Contains("CUDA is not available", Assert.Throws<SettingsException>(() => SlotDevices.Assign("cuda:0,cuda:1", 4, "--device")).Message);   // the CPU build
        Assert.Equal(["cuda:0", "cuda:1", "cuda:0", "cuda:1"], SlotDevices.Assign("cuda:0,cuda:1", 4, "--device", cudaDevices: 2));
        Assert.Equal(["cuda:0"], SlotDevices.Assign("cuda", 1, "--device", cudaDevices: 1));
        Assert.Contains("there is no cuda:2; this process sees 2 CUDA device(s), cuda:0 to cuda:1",
            Assert.Throws<SettingsException>(() => SlotDevices.Assign("cuda:0,cuda:2", 2, "--device", cudaDevices: 2)).Message);
    }

    [Fact]
    public void A_node_measures_each_device_once_and_leaves_out_one_it_cannot_read()
    {
        var asked = new List<int>();

        var memory = DeviceMemory.Measure(["cpu", "cuda:0", "cuda:1", "cuda:0", "cpu"], index =>
        {
            asked.Add(index);
            return index == 0 ? 80L << 30 : null;
        });

        Assert.Equal([0, 1], asked);
        Assert.Equal(new Dictionary<string, long> { ["cpu"] = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, ["cuda:0"] = 80L << 30 }, memory);
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("1e300s")]
    [InlineData("NaN")]
    [InlineData("-1s")]
    [InlineData("24.01h")]
    public void Durations_that_mean_never_or_nothing_are_refused_naming_the_range(string value)
    {
        var error = Assert.Throws<SettingsException>(() => Load(WriteFile("{}"), "--layer-knob", value).Duration(_knob));
        Assert.Contains("a duration from 0 to 24h", error.Message);
        Assert.Contains("--layer-knob", error.Message);
    }

    [Fact]
    public void Any_text_parses_to_a_duration_within_the_range_or_to_nothing()
    {
        var number = Gen.OneOf(Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture)), Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)), Gen.String);
        string[] units = ["", "s", "ms", "m", "h", "d"];
        Gen.Select(number, Gen.Int[0, units.Length - 1].Select(i => units[i])).Sample((text, unit) =>
        {
            var parsed = LayeredSettings.ParseDuration(text + unit);
            return parsed is null || (parsed >= TimeSpan.Zero && parsed <= LayeredSettings.LongestDuration);
        }, iter: 20_000);
        Assert.Equal(TimeSpan.FromDays(1), LayeredSettings.ParseDuration("24h"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), LayeredSettings.ParseDuration("1.5s"));
    }

    private LayeredSettings Load(string file, params string[] args)
    {
        var command = new RootCommand { _knob, _other };
        return LayeredSettings.Load(command.Parse(args), file);
    }

    private string WriteFile(string json)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
