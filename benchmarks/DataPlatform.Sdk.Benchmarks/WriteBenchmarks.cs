using BenchmarkDotNet.Attributes;
using DataPlatform.Sdk.Files;

namespace DataPlatform.Sdk.Benchmarks;

/// <summary>
/// Writing a 200-domain repository: the SDK's atomic tree write against plain byte writes of the same files into a
/// fresh directory, in the same run.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10, invocationCount: 1)]
[MemoryDiagnoser]
public class WriteBenchmarks
{
    private FileTree _tree = FileTree.Empty;
    private string _root = string.Empty;
    private int _run;

    [GlobalSetup]
    public void Setup()
    {
        _tree = LargeRepository.Describe(domains: 200, objectsPerDomain: 10).Build().Files;
        _root = Directory.CreateTempSubdirectory("dp-bench-write-").FullName;
        Console.WriteLine($"// tree: {_tree.Count} files");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    /// <summary>Each written tree is removed after its iteration, so every benchmark writes under the same disk conditions.</summary>
    [IterationCleanup]
    public void RemoveWrittenTrees()
    {
        foreach (var dir in Directory.GetDirectories(_root))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Benchmark(Baseline = true, Description = "Plain File.WriteAllBytes of the same files")]
    public void PlainWrites()
    {
        var target = Path.Combine(_root, "plain-" + _run++);
        foreach (var path in _tree.Paths)
        {
            var file = Path.Combine(target, path.Value);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, _tree[path].ToArray());
        }
    }

    [Benchmark(Description = "AtomicTreeWriter (staged, then swapped in)")]
    public void AtomicWrite() => AtomicTreeWriter.Write(Path.Combine(_root, "atomic-" + _run++), _tree);

    [Benchmark(Description = "Render (builder → files), no I/O")]
    public int Render() => LargeRepository.Describe(domains: 200, objectsPerDomain: 10).Build().Files.Count;
}
