using System.Runtime.InteropServices;

namespace DataPlatform.Sdk.Files;

/// <summary>What a directory entry is, without following a symbolic link.</summary>
public enum FileEntryKind
{
    /// <summary>Nothing there.</summary>
    Missing,

    /// <summary>A regular file: the only kind that is read.</summary>
    Regular,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link (or, on Windows, another reparse point).</summary>
    SymbolicLink,

    /// <summary>A named pipe: reading it blocks until someone writes.</summary>
    Fifo,

    /// <summary>A character or block device (<c>/dev/zero</c> never ends).</summary>
    Device,

    /// <summary>A Unix socket.</summary>
    Socket,
}

/// <summary>
/// Tells what a path is without following links and without opening it — .NET reports FIFOs and devices as ordinary
/// files, and opening a FIFO blocks forever — through <c>statx</c> on Linux and <c>lstat</c> on macOS.
/// </summary>
internal static partial class FileKinds
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;

    public static FileEntryKind Of(string path)
    {
        // One lstat where the C library answers (every kind, links included); the slower probing below otherwise.
        if (!OperatingSystem.IsWindows() && ModeOf(path) is { } direct)
        {
            return FromMode(direct);
        }

        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            return FileEntryKind.SymbolicLink;
        }

        if (Directory.Exists(path))
        {
            return FileEntryKind.Directory;
        }

        if (!info.Exists)
        {
            return FileEntryKind.Missing;
        }

        if (OperatingSystem.IsWindows())
        {
            return (info.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) != 0 ? FileEntryKind.Device : FileEntryKind.Regular;
        }

        return FileEntryKind.Regular; // The C library gave no mode (asked first, above): what .NET reports is all there is.
    }

    private static FileEntryKind FromMode(uint mode) => (mode & 0xF000) switch
    {
        0x8000 => FileEntryKind.Regular,
        0x4000 => FileEntryKind.Directory,
        0xA000 => FileEntryKind.SymbolicLink,
        0x1000 => FileEntryKind.Fifo,
        0x2000 or 0x6000 => FileEntryKind.Device,
        0xC000 => FileEntryKind.Socket,
        _ => FileEntryKind.Device,
    };

    /// <summary>The <c>st_mode</c> of a path (not following links), or <see langword="null"/> when it cannot be had.</summary>
    private static uint? ModeOf(string path)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // struct statx has the same layout on every architecture: stx_mode is a __u16 at offset 28.
                var buffer = new byte[256];
                return Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) == 0 ? BitConverter.ToUInt16(buffer, 28) : null;
            }

            if (OperatingSystem.IsMacOS())
            {
                // Darwin's struct stat (64-bit inodes): st_dev is an int32, st_mode a uint16 at offset 4.
                var buffer = new byte[256];
                return LStat(path, buffer) == 0 ? BitConverter.ToUInt16(buffer, 4) : null;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // An unusual C library: fall back to what .NET reports.
        }

        return null;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LStat(string path, [Out] byte[] buffer);
}
