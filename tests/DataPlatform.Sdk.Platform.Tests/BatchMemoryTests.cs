using System.Runtime;
using DataPlatform.Sdk.Cli;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Tests that change how this whole process collects garbage run alone.</summary>
[CollectionDefinition("Process GC mode", DisableParallelization = true)]
public sealed class ProcessGcMode;

/// <summary>The tool's validate run suspends collections for a budget, and collects as usual past it.</summary>
[Collection("Process GC mode")]
public sealed class BatchMemoryTests
{
    [Fact]
    public void Collections_pause_within_the_budget_and_resume_past_it()
    {
        BatchMemory.NoCollectionsWhileReading().ShouldBeTrue();
        GCSettings.LatencyMode.ShouldBe(GCLatencyMode.NoGCRegion);
        BatchMemory.NoCollectionsWhileReading().ShouldBeFalse(); // One region at a time, never an exception.

        var collections = GC.CollectionCount(0);
        var within = 0L;
        while (within < BatchMemory.Budget / 2)
        {
            GC.KeepAlive(new byte[64 * 1024]); // Garbage, below the large-object threshold.
            within += 64 * 1024;
        }

        GC.CollectionCount(0).ShouldBe(collections, "no collection within the budget");
        var past = within;
        while (past < BatchMemory.Budget + (32L << 20))
        {
            GC.KeepAlive(new byte[64 * 1024]);
            past += 64 * 1024;
        }

        GC.CollectionCount(0).ShouldBeGreaterThan(collections, "past the budget the runtime collects");
        GCSettings.LatencyMode.ShouldNotBe(GCLatencyMode.NoGCRegion);
    }

    [Fact]
    public void The_heap_range_is_the_run_of_anonymous_mappings_around_the_address()
    {
        string[] maps =
        [
            "55d0a0000000-55d0a1000000 r-xp 00000000 fd:01 1234                       /usr/bin/dataplatform",
            "7f0000000000-7f0000400000 rw-p 00000000 00:00 0",
            "7f0000400000-7f4000000000 ---p 00000000 00:00 0 ",
            "7f4000000000-7f4000200000 rw-p 00000000 00:00 0",
            "7f4000200000-7f4000300000 r--p 00000000 fd:01 99                         /usr/lib/libc.so.6",
            "7f4000300000-7f4000400000 rw-p 00000000 00:00 0",
            "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]",
        ];

        // Reserved, committed and reserved again, in one piece; a file mapping ends the run.
        BatchMemory.HeapRange(maps, 0x7f0000000010).ShouldBe((0x7f0000000000UL, 0x7f4000200000UL - 0x7f0000000000UL));
        BatchMemory.HeapRange(maps, 0x7f3fffffffff).ShouldBe((0x7f0000000000UL, 0x7f4000200000UL - 0x7f0000000000UL));
        BatchMemory.HeapRange(maps, 0x7f4000300010).ShouldBe((0x7f4000300000UL, 0x100000UL));
        BatchMemory.HeapRange(maps, 0x55d0a0000010).ShouldBeNull(); // The program's own file.
        BatchMemory.HeapRange(maps, 0x7ffd00000010).ShouldBeNull(); // The stack is named.
        BatchMemory.HeapRange(maps, 0x10).ShouldBeNull();
        BatchMemory.HeapRange(["garbage", "", "1-2"], 1).ShouldBeNull();
    }

    [Fact]
    public void On_linux_the_heap_holding_new_objects_is_advised_to_use_huge_pages()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/sys/kernel/mm/transparent_hugepage/enabled"))
        {
            return; // No transparent huge pages to ask for.
        }

        var range = BatchMemory.UseHugePages().ShouldNotBeNull();
        var fresh = new byte[64];
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(fresh, System.Runtime.InteropServices.GCHandleType.Pinned);
        var address = (ulong)handle.AddrOfPinnedObject();
        handle.Free();
        address.ShouldBeInRange(range.Start, range.Start + range.Length - 1);

        // The kernel records the advice on the mapping that holds the object: "hg" among its VmFlags.
        var flags = string.Empty;
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            if (line.Length > 0 && char.IsAsciiHexDigit(line[0]) && line.IndexOf('-', StringComparison.Ordinal) is > 0 and var dash)
            {
                var start = ulong.Parse(line.AsSpan(0, dash), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);
                var end = ulong.Parse(line.AsSpan(dash + 1, line.IndexOf(' ', StringComparison.Ordinal) - dash - 1), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);
                inside = start <= address && address < end;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                flags = line;
            }
        }

        flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldContain("hg");
    }
}
