using System.Runtime.InteropServices;

namespace DataPlatform.Sdk.Files;

/// <summary>
/// Reads a small regular file on Linux with three system calls — <c>open</c> (never following a link, never blocking),
/// one <c>read</c> of one byte more than its known size, <c>close</c> — where .NET's file API makes six (it adds an
/// <c>fstat</c>, an advisory <c>flock</c> and a second read to see the end). A repository of thousands of small files
/// spends most of its reading time in those calls. Anything unexpected returns <see langword="null"/> and the caller
/// reads the file the ordinary way, which also words the errors.
/// </summary>
internal static partial class LinuxFileReader
{
    private const int ReadOnly = 0;
    private const int NonBlocking = 0x800; // O_NONBLOCK: a FIFO put in the file's place meanwhile never blocks the open.
    private const int CloseOnExec = 0x80000;

    /// <summary>O_NOFOLLOW differs between architectures; <see langword="null"/> where this reader is not used.</summary>
    private static readonly int? NoFollow = !OperatingSystem.IsLinux() ? null : RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 0x20000,
        Architecture.Arm64 => 0x8000,
        _ => null,
    };

    private static bool _unavailable;

    /// <summary>
    /// Reads a regular file of <paramref name="expectedLength"/> bytes into a pooled buffer and hands the bytes to
    /// <paramref name="use"/> (they are not kept); <see langword="false"/> when this reader cannot tell (not Linux, the
    /// file changed size, a link appeared, any error): the caller then reads it as usual.
    /// </summary>
    public static bool TryRead<T>(string path, long expectedLength, Func<ReadOnlySpan<byte>, T> use, out T? result)
    {
        result = default;
        if (NoFollow is not { } noFollow || _unavailable || expectedLength >= int.MaxValue)
        {
            return false;
        }

        int fd;
        try
        {
            fd = Open(path, ReadOnly | NonBlocking | CloseOnExec | noFollow);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
            return false;
        }

        if (fd < 0)
        {
            return false;
        }

        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent((int)expectedLength + 1);
        try
        {
            // One byte more than the size: a read that returns exactly the size has met the end of the file; anything
            // else (the file grew, shrank, or is not what its size said) is left to the ordinary reader.
            var read = Read(fd, scratch, (nint)expectedLength + 1);
            _ = Close(fd);
            fd = -1;
            if (read != expectedLength)
            {
                return false;
            }

            result = use(scratch.AsSpan(0, (int)expectedLength));
            return true;
        }
        finally
        {
            if (fd >= 0)
            {
                _ = Close(fd);
            }

            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, Span<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
