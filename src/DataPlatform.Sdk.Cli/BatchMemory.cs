using System.Globalization;
using System.Runtime.InteropServices;

namespace DataPlatform.Sdk.Cli;

/// <summary>
/// How the tool's one-shot runs use memory. A run reads a repository, checks it and exits, keeping nearly all it reads
/// until the end, so its cost is dominated by taking fresh memory from the system, not by freeing it (measured on the
/// 11,386-object benchmark tree; benchmarks/README.md).
/// </summary>
internal static partial class BatchMemory
{
    /// <summary>The environment variable that turns <see cref="UseHugePages"/> off (<c>0</c>).</summary>
    internal const string HugePagesVariable = "DATAPLATFORM_HUGE_PAGES";

    /// <summary>
    /// The allocation budget without collections: a repository of about 25,000 objects is read and checked within it
    /// (the 11,386-object benchmark tree allocates about 75 MB). Past it the runtime collects as usual.
    /// </summary>
    internal const long Budget = 256L << 20;

    private const int MadviseHugePage = 14; // MADV_HUGEPAGE

    /// <summary>
    /// Suspends collections for the read and check of a repository: a collection would mostly copy live objects
    /// (~10 % of a run). Memory is committed as it is used, not reserved up front; a larger repository leaves the region
    /// by itself after <see cref="Budget"/> bytes and is collected normally from then on.
    /// </summary>
    /// <returns>Whether the region started (not when one is already running or the runtime refuses the budget).</returns>
    internal static bool NoCollectionsWhileReading()
    {
        try
        {
            return System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.NoGCRegion && GC.TryStartNoGCRegion(Budget);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or InvalidOperationException)
        {
            return false; // A runtime that cannot give this budget: collect as usual.
        }
    }

    /// <summary>
    /// On Linux, asks the kernel for transparent huge pages (2 MB) in the garbage collector's address range
    /// (<c>madvise(MADV_HUGEPAGE)</c>; most distributions enable them only on request). Every 4 KB page the heap touches
    /// first costs a page fault, which on a virtual machine is expensive: on the benchmark tree this takes the faults from
    /// ~24,600 to ~5,400 and the run from 0.42 to 0.26 s, at the same peak memory. The range is the reservation that
    /// holds a fresh object (the anonymous mappings around it, which the collector reserved in one piece). A hint only:
    /// nothing changes where the kernel has no huge pages or <c>DATAPLATFORM_HUGE_PAGES=0</c> is set.
    /// </summary>
    /// <returns>The range advised (start, length), or <see langword="null"/> when nothing was.</returns>
    internal static (ulong Start, ulong Length)? UseHugePages()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(HugePagesVariable) == "0")
        {
            return null;
        }

        try
        {
            var probe = new byte[64];
            var handle = GCHandle.Alloc(probe, GCHandleType.Pinned);
            ulong address;
            try
            {
                address = (ulong)handle.AddrOfPinnedObject();
            }
            finally
            {
                handle.Free();
            }

            if (HeapRange(File.ReadLines("/proc/self/maps"), address) is not { } range)
            {
                return null;
            }

            return MAdvise((nint)range.Start, (nuint)range.Length, MadviseHugePage) == 0 ? range : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or OverflowException or EntryPointNotFoundException or DllNotFoundException)
        {
            return null; // No /proc, an unexpected format, no madvise: run as usual.
        }
    }

    /// <summary>
    /// The run of adjacent anonymous mappings (lines of <c>/proc/self/maps</c> without a path) around the one that holds
    /// <paramref name="address"/>, or <see langword="null"/> when no anonymous mapping holds it.
    /// </summary>
    /// <param name="maps">The lines of <c>/proc/self/maps</c>: <c>start-end perms offset dev inode [path]</c>, sorted by address.</param>
    /// <param name="address">An address inside the heap.</param>
    /// <returns>The start and length.</returns>
    internal static (ulong Start, ulong Length)? HeapRange(IEnumerable<string> maps, ulong address)
    {
        var mappings = new List<(ulong Start, ulong End, bool Anonymous)>();
        foreach (var line in maps)
        {
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 5 || fields[0].Split('-') is not [var start, var end])
            {
                continue;
            }

            var anonymous = fields.Length == 5 || string.IsNullOrWhiteSpace(fields[5]);
            mappings.Add((ulong.Parse(start, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture), ulong.Parse(end, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture), anonymous));
        }

        var at = mappings.FindIndex(m => m.Start <= address && address < m.End);
        if (at < 0 || !mappings[at].Anonymous)
        {
            return null;
        }

        var first = at;
        while (first > 0 && mappings[first - 1].Anonymous && mappings[first - 1].End == mappings[first].Start)
        {
            first--;
        }

        var last = at;
        while (last + 1 < mappings.Count && mappings[last + 1].Anonymous && mappings[last + 1].Start == mappings[last].End)
        {
            last++;
        }

        return (mappings[first].Start, mappings[last].End - mappings[first].Start);
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int MAdvise(nint address, nuint length, int advice);
}
