using System.Security.Cryptography;

namespace Sweep.Tests.Support;

/// <summary>A file's SHA-256, for tests that show a file was left byte for byte as it was.</summary>
public static class FileHash
{
    public static string Of(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
