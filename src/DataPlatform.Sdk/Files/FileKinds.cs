using System.Buffers.Binary;
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

/// <summary>What a path is and, for a regular file, its size and last write time (UTC).</summary>
/// <param name="Kind">The kind (a link is not followed).</param>
/// <param name="Length">The size in bytes (regular files).</param>
/// <param name="LastWriteUtc">The last write time (regular files).</param>
internal readonly record struct FileStatus(FileEntryKind Kind, long Length, DateTime LastWriteUtc);

/// <summary>
/// Tells what a path is without following links and without opening it — .NET reports FIFOs and devices as ordinary
/// files, and opening a FIFO blocks forever — through <c>statx</c> on Linux and <c>lstat</c> on macOS.
/// </summary>
internal static partial class FileKinds
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxMtime = 0x40;
    private const uint StatxSize = 0x200;

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

    /// <summary>
    /// What a path is (not following a link) with, for a regular file, its size and last write time — one
    /// <c>statx</c> on Linux; elsewhere what <see cref="Of"/> and <see cref="FileInfo"/> report.
    /// </summary>
    public static FileStatus StatusOf(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                // struct statx is the same on every architecture: stx_mode (u16) at 28, stx_size (u64) at 40,
                // stx_mtime (i64 seconds, u32 nanoseconds) at 112.
                Span<byte> buffer = stackalloc byte[256];
                if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxSize | StatxMtime, buffer) != 0)
                {
                    return new FileStatus(FileEntryKind.Missing, 0, default);
                }

                var kind = FromMode(BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]));
                var length = BinaryPrimitives.ReadInt64LittleEndian(buffer[40..]);
                var seconds = BinaryPrimitives.ReadInt64LittleEndian(buffer[112..]);
                var nanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(buffer[120..]);

                // As FileInfo.LastWriteTimeUtc computes it, so that stamps taken either way compare equal.
                return new FileStatus(kind, length, DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanoseconds / 100).UtcDateTime);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // An unusual C library: as below.
            }
        }

        var kindOf = Of(path);
        if (kindOf != FileEntryKind.Regular)
        {
            return new FileStatus(kindOf, 0, default);
        }

        try
        {
            var info = new FileInfo(path);
            return new FileStatus(kindOf, info.Length, info.LastWriteTimeUtc);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new FileStatus(FileEntryKind.Missing, 0, default); // Vanished meanwhile.
        }
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
                Span<byte> buffer = stackalloc byte[256];
                return Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) == 0 ? BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]) : null;
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
    private static partial int Statx(int dirfd, string path, int flags, uint mask, Span<byte> buffer);

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LStat(string path, [Out] byte[] buffer);
}
