using System.IO.Compression;
using System.Text.Json;

namespace Sweep.Training.Tracing;

/// <summary>A trace as bytes for messages, checkpoints and storage: gzipped JSON, readable with standard tools.</summary>
public static class TraceFormat
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static byte[] Write(TrialTrace trace)
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest))
            JsonSerializer.Serialize(zip, trace, Json);
        return buffer.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not a trace.</exception>
    public static TrialTrace Read(byte[] bytes)
    {
        try
        {
            using var zip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            return JsonSerializer.Deserialize<TrialTrace>(zip, Json) ?? throw new InvalidDataException("an empty trace");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not a Sweep trial trace ({e.Message})", e);
        }
    }
}
