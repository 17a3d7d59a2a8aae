// Makes one GNU symbol-version *need* of an ELF shared library weak, so the dynamic loader
// only warns when the host library lacks that version instead of refusing to load.
//
// Why: TorchSharp 0.107's libLibTorchSharp.so declares a need for GLIBCXX_3.4.32 (GCC 13)
// but binds no relocation to it; Debian 12 / Ubuntu 22.04 stop at GLIBCXX_3.4.30. Setting
// VER_FLG_WEAK on that one vernaux entry is the smallest change that lets it load.
//
// This file is compiled twice: by MSBuild's RoslynCodeTaskFactory (build/LibTorchSharpFix.targets)
// as an inline task, and by Sweep.Tests (with SWEEP_NO_MSBUILD_TASK) to test the ELF logic.
#nullable enable
// Block namespace and C# 7-era idioms: this file must also compile as an MSBuild inline task.
#pragma warning disable IDE0161, CA1861
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Sweep.Build
{
    /// <summary>One entry of .gnu.version_r: a version this library needs from another.</summary>
    public sealed class ElfVersionNeed
    {
        public ElfVersionNeed(string file, string version, ushort flags, long flagsOffset)
        {
            File = file;
            Version = version;
            Flags = flags;
            FlagsOffset = flagsOffset;
        }

        public string File { get; }
        public string Version { get; }
        public ushort Flags { get; }
        public long FlagsOffset { get; }
        public bool IsWeak => (Flags & ElfVersionNeedPatcher.VerFlagWeak) != 0;
    }

    public enum PatchOutcome
    {
        Patched,
        AlreadyWeak,
        NoSuchNeed,
    }

    public static class ElfVersionNeedPatcher
    {
        public const ushort VerFlagWeak = 0x2;
        private const uint ShtGnuVerdef = 0x6ffffffd;
        private const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>Every version need in the library's .gnu.version_r section.</summary>
        public static IReadOnlyList<ElfVersionNeed> ReadVersionNeeds(byte[] elf)
        {
            var needs = new List<ElfVersionNeed>();
            foreach (var section in ReadSections(elf).Where(s => s.Type == ShtGnuVerneed))
            {
                var strings = StringTable(elf, section.Link);
                long entry = section.Offset;
                for (var i = 0; i < section.Info; i++)
                {
                    var count = U16(elf, entry + 2);
                    var file = CString(elf, strings + U32(elf, entry + 4));
                    long aux = entry + U32(elf, entry + 8);
                    for (var j = 0; j < count; j++)
                    {
                        var flags = U16(elf, aux + 4);
                        var name = CString(elf, strings + U32(elf, aux + 8));
                        needs.Add(new ElfVersionNeed(file, name, flags, aux + 4));
                        var nextAux = U32(elf, aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }

                    var next = U32(elf, entry + 12);
                    if (next == 0) break;
                    entry += next;
                }
            }

            return needs;
        }

        /// <summary>Every version the library defines in .gnu.version_d (e.g. libstdc++'s GLIBCXX_*).</summary>
        public static IReadOnlyList<string> ReadVersionDefinitions(byte[] elf)
        {
            var names = new List<string>();
            foreach (var section in ReadSections(elf).Where(s => s.Type == ShtGnuVerdef))
            {
                var strings = StringTable(elf, section.Link);
                long entry = section.Offset;
                for (var i = 0; i < section.Info; i++)
                {
                    long aux = entry + U32(elf, entry + 12);
                    names.Add(CString(elf, strings + U32(elf, aux)));
                    var next = U32(elf, entry + 16);
                    if (next == 0) break;
                    entry += next;
                }
            }

            return names;
        }

        /// <summary>
        /// Sets VER_FLG_WEAK on the need for <paramref name="version"/>. Writes a new file next to the
        /// old one and renames it over, so a hard link into a package cache is never modified.
        /// </summary>
        public static PatchOutcome MakeNeedWeak(string path, string version)
        {
            var elf = File.ReadAllBytes(path);
            var need = ReadVersionNeeds(elf).FirstOrDefault(n => n.Version == version);
            if (need is null) return PatchOutcome.NoSuchNeed;
            if (need.IsWeak) return PatchOutcome.AlreadyWeak;

            var flags = (ushort)(need.Flags | VerFlagWeak);
            elf[need.FlagsOffset] = (byte)(flags & 0xff);
            elf[need.FlagsOffset + 1] = (byte)(flags >> 8);

            // Kept to netstandard2.0 APIs: RoslynCodeTaskFactory compiles against them.
            var temp = path + ".sweep-patch.tmp";
            File.WriteAllBytes(temp, elf);
            File.Replace(temp, path, destinationBackupFileName: null);
            return PatchOutcome.Patched;
        }

        /// <summary>The host's libstdc++.so.6, searched where the dynamic loader looks by default.</summary>
        public static string? FindHostLibStdCxx()
        {
            var dirs = (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "")
                .Split(new[] { ':' }, StringSplitOptions.RemoveEmptyEntries)
                .Concat(new[]
                {
                    "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
                    "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
                    "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib",
                });
            return dirs.Select(d => Path.Combine(d, "libstdc++.so.6")).FirstOrDefault(File.Exists);
        }

        /// <summary>True when the host libstdc++ defines <paramref name="version"/>; false when it does not or none is found.</summary>
        public static bool HostLibStdCxxDefines(string version)
        {
            var lib = FindHostLibStdCxx();
            return lib is not null && ReadVersionDefinitions(File.ReadAllBytes(lib)).Contains(version);
        }

        private readonly struct Section
        {
            public Section(uint type, long offset, uint link, uint info)
            {
                Type = type;
                Offset = offset;
                Link = link;
                Info = info;
            }

            public uint Type { get; }
            public long Offset { get; }
            public uint Link { get; }
            public uint Info { get; }
        }

        private static List<Section> ReadSections(byte[] elf)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("only 64-bit little-endian ELF files are supported");

            var tableOffset = (long)U64(elf, 0x28);
            var entrySize = U16(elf, 0x3A);
            var count = U16(elf, 0x3C);
            if (tableOffset + (long)entrySize * count > elf.Length)
                throw new InvalidDataException("section header table lies past the end of the file");

            var sections = new List<Section>(count);
            for (var i = 0; i < count; i++)
            {
                long header = tableOffset + (long)i * entrySize;
                sections.Add(new Section(
                    type: U32(elf, header + 4),
                    offset: (long)U64(elf, header + 24),
                    link: U32(elf, header + 40),
                    info: U32(elf, header + 44)));
            }

            return sections;
        }

        private static long StringTable(byte[] elf, uint sectionIndex)
        {
            var tableOffset = (long)U64(elf, 0x28);
            var entrySize = U16(elf, 0x3A);
            return (long)U64(elf, tableOffset + sectionIndex * entrySize + 24);
        }

        private static string CString(byte[] elf, long offset)
        {
            var end = Array.IndexOf(elf, (byte)0, checked((int)offset));
            if (end < 0) throw new InvalidDataException("unterminated string in ELF string table");
            return Encoding.ASCII.GetString(elf, (int)offset, end - (int)offset);
        }

        private static ushort U16(byte[] b, long o) => BitConverter.ToUInt16(b, checked((int)o));
        private static uint U32(byte[] b, long o) => BitConverter.ToUInt32(b, checked((int)o));
        private static ulong U64(byte[] b, long o) => BitConverter.ToUInt64(b, checked((int)o));
    }

#if !SWEEP_NO_MSBUILD_TASK
    /// <summary>MSBuild entry point: patch every given copy when the host libstdc++ lacks the version.</summary>
    public sealed class PatchVersionNeed : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        [Microsoft.Build.Framework.Required]
        public string Version { get; set; } = "";

        public override bool Execute()
        {
            if (Files.Length == 0 || ElfVersionNeedPatcher.HostLibStdCxxDefines(Version))
                return true;

            foreach (var item in Files)
            {
                var path = item.GetMetadata("FullPath");
                try
                {
                    var outcome = ElfVersionNeedPatcher.MakeNeedWeak(path, Version);
                    if (outcome == PatchOutcome.Patched)
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                            $"Sweep: host libstdc++ lacks {Version}; marked that need weak in {path} so TorchSharp loads.");
                }
                catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
                {
                    Log.LogError($"Sweep: could not patch {path} ({e.Message}). TorchSharp will not load on this host " +
                                 $"because its libstdc++ lacks {Version}; see ENVIRONMENT notes in the README.");
                }
            }

            return !Log.HasLoggedErrors;
        }
    }
#endif
}
