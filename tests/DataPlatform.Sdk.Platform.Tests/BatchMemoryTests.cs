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
}
