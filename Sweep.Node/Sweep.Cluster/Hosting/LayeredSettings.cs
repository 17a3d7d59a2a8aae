using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Sweep.Cluster.Hosting;

/// <summary>
/// A cluster process's settings, by precedence: the command line, then the environment
/// (<c>--cert-password</c> ↔ <c>SWEEP_CERT_PASSWORD</c>), then <c>appsettings.json</c> (the
/// <c>Sweep</c> section, <c>"CertPassword"</c>), then the default. Every message names where a
/// bad value came from and what is accepted.
/// </summary>
public sealed class LayeredSettings
{
    public const string DefaultFile = "appsettings.json";

    private readonly ParseResult _parse;
    private readonly IConfiguration _file;
    private readonly string _fileName;

    private LayeredSettings(ParseResult parse, IConfiguration file, string fileName)
    {
        _parse = parse;
        _file = file;
        _fileName = fileName;
    }

    /// <summary>Reads <paramref name="configFile"/> when given (it must exist), else ./appsettings.json when present.</summary>
    public static LayeredSettings Load(ParseResult parse, string? configFile)
    {
        var path = Path.GetFullPath(configFile ?? DefaultFile);
        if (configFile is not null && !File.Exists(path))
            throw new SettingsException($"--config: {configFile} does not exist.");
        try
        {
            var file = new ConfigurationBuilder().AddJsonFile(path, optional: true, reloadOnChange: false).Build();
            return new LayeredSettings(parse, file, configFile ?? DefaultFile);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new SettingsException($"{configFile ?? DefaultFile}: not valid JSON ({e.InnerException?.Message ?? e.Message}).");
        }
    }

    public string? String(Option option) => Find(option)?.Value;

    public bool Flag(Option option) => Find(option) is { } found && Parse(found, "true or false", v => bool.TryParse(v, out var b) ? b : (bool?)null);

    public int? Int(Option option, int minimum) => Find(option) is { } found
        ? Parse(found, $"an integer >= {minimum}", v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= minimum ? n : (int?)null)
        : null;

    /// <summary>One or more <c>HOST:PORT</c> separated by commas; a bad one is refused naming where it came from.</summary>
    public IReadOnlyList<Endpoint> Endpoints(Option option) => Find(option) is { } found
        ? found.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(e => Endpoint.Parse(e, found.Source)).ToList()
        : [];

    /// <summary>The longest duration any option accepts: longer timeouts mean "never", which no option wants.</summary>
    public static readonly TimeSpan LongestDuration = TimeSpan.FromDays(1);

    /// <summary>A duration as <c>2s</c>, <c>500ms</c>, <c>1.5m</c> or plain seconds, from 0 to <see cref="LongestDuration"/>.</summary>
    public TimeSpan? Duration(Option option) => Find(option) is { } found
        ? Parse(found, "a duration from 0 to 24h such as 500ms, 2s or 1.5m", ParseDuration)
        : null;

    public static TimeSpan? ParseDuration(string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
               && value >= 0 && value * unit <= LongestDuration.TotalSeconds   // also refuses NaN and infinities
            ? TimeSpan.FromSeconds(value * unit)
            : null;
    }

    public static string EnvironmentName(Option option) => "SWEEP_" + Key(option).ToUpperInvariant().Replace('-', '_');

    private static string Key(Option option) => option.Name.TrimStart('-');

    private static string FileKey(Option option) =>
        "Sweep:" + string.Concat(Key(option).Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private (string Value, string Source)? Find(Option option)
    {
        if (_parse.GetResult(option) is { Implicit: false } given)
            return (given.Tokens.Count == 0 ? "true" : given.Tokens[^1].Value, option.Name);
        var environment = EnvironmentName(option);
        if (System.Environment.GetEnvironmentVariable(environment) is { Length: > 0 } fromEnvironment)
            return (fromEnvironment, environment);
        var key = FileKey(option);
        return _file[key] is { Length: > 0 } fromFile ? (fromFile, $"{_fileName}: {key}") : null;
    }

    private static T Parse<T>((string Value, string Source) found, string accepted, Func<string, T?> parse) where T : struct =>
        parse(found.Value.Trim()) ?? throw new SettingsException($"{found.Source}: '{found.Value}' is not accepted; expected {accepted}.");
}
