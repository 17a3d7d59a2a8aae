using System.Diagnostics;
using Sweep.Build;

namespace Sweep.Tests.Build;

/// <summary>The build's libLibTorchSharp.so fix, on the real library from the TorchSharp package.</summary>
public sealed class ElfVersionNeedPatcherTests : IDisposable
{
    private const string Need = "GLIBCXX_3.4.32";
    private readonly string _temp = Directory.CreateTempSubdirectory("sweep-elf-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string PackageCopy()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                       ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var version = typeof(TorchSharp.torch).Assembly.GetName().Version!;
        var path = Path.Combine(packages, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"TorchSharp's native library not found in the package cache at {path}");
        return path;
    }

    private static string OutputCopy() =>
        Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    private string FreshCopy()
    {
        var copy = Path.Combine(_temp, "libLibTorchSharp.so");
        File.Copy(PackageCopy(), copy, overwrite: true);
        return copy;
    }

    [Fact]
    public void The_package_library_declares_a_strong_need_for_glibcxx_3_4_32()
    {
        var needs = ElfVersionNeedPatcher.ReadVersionNeeds(File.ReadAllBytes(PackageCopy()));

        var need = Assert.Single(needs, n => n.Version == Need);
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.False(need.IsWeak, "the NuGet cache copy must never be patched");
        Assert.Contains(needs, n => n.Version == "GLIBCXX_3.4.30" && !n.IsWeak);
    }

    [Fact]
    public void The_build_output_copy_is_weak_exactly_when_the_host_lacks_the_version()
    {
        var need = ElfVersionNeedPatcher.ReadVersionNeeds(File.ReadAllBytes(OutputCopy())).Single(n => n.Version == Need);

        Assert.Equal(!ElfVersionNeedPatcher.HostLibStdCxxDefines(Need), need.IsWeak);
    }

    [Fact]
    public void Host_libstdcxx_definitions_are_read_from_its_version_section()
    {
        var lib = ElfVersionNeedPatcher.FindHostLibStdCxx();
        Assert.NotNull(lib);

        var versions = ElfVersionNeedPatcher.ReadVersionDefinitions(File.ReadAllBytes(lib));

        Assert.Contains("GLIBCXX_3.4", versions);
        Assert.Contains("CXXABI_1.3", versions);
        Assert.Equal(versions.Contains(Need), ElfVersionNeedPatcher.HostLibStdCxxDefines(Need));
    }

    [Fact]
    public void Patching_sets_only_the_weak_flag_of_that_need_and_is_idempotent()
    {
        var copy = FreshCopy();
        var before = File.ReadAllBytes(copy);

        Assert.Equal(PatchOutcome.Patched, ElfVersionNeedPatcher.MakeNeedWeak(copy, Need));
        var after = File.ReadAllBytes(copy);
        Assert.Equal(PatchOutcome.AlreadyWeak, ElfVersionNeedPatcher.MakeNeedWeak(copy, Need));

        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        var flagsOffset = ElfVersionNeedPatcher.ReadVersionNeeds(before).Single(n => n.Version == Need).FlagsOffset;
        Assert.Equal([flagsOffset], changed.Select(i => (long)i));
        Assert.Equal(ElfVersionNeedPatcher.VerFlagWeak, after[flagsOffset]);
        Assert.All(ElfVersionNeedPatcher.ReadVersionNeeds(after).Where(n => n.Version != Need), n => Assert.False(n.IsWeak));
        Assert.Equal(after, File.ReadAllBytes(copy));
    }

    [Fact]
    public void Patching_a_hard_link_leaves_the_other_name_untouched()
    {
        var original = FreshCopy();
        var link = Path.Combine(_temp, "linked.so");
        using (var ln = Process.Start("ln", [original, link])) ln.WaitForExit();
        Assert.True(File.Exists(link));

        ElfVersionNeedPatcher.MakeNeedWeak(link, Need);

        Assert.True(ElfVersionNeedPatcher.ReadVersionNeeds(File.ReadAllBytes(link)).Single(n => n.Version == Need).IsWeak);
        Assert.False(ElfVersionNeedPatcher.ReadVersionNeeds(File.ReadAllBytes(original)).Single(n => n.Version == Need).IsWeak);
    }

    [Fact]
    public void A_version_the_library_does_not_need_is_reported_not_patched()
    {
        var copy = FreshCopy();
        var before = File.ReadAllBytes(copy);

        Assert.Equal(PatchOutcome.NoSuchNeed, ElfVersionNeedPatcher.MakeNeedWeak(copy, "GLIBCXX_9.9.99"));
        Assert.Equal(before, File.ReadAllBytes(copy));
    }

    [Fact]
    public void A_file_that_is_not_elf_is_refused()
    {
        var text = Path.Combine(_temp, "not-elf.so");
        File.WriteAllText(text, new string('x', 200));

        Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.ReadVersionNeeds(File.ReadAllBytes(text)));
    }
}
