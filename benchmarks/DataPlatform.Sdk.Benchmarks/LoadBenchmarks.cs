using BenchmarkDotNet.Attributes;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Benchmarks;

/// <summary>
/// Typed load (+ per-object validation) of a 10,000-object Flux corpus against raw YAML parser event loops of the same
/// text, measured in the same run. Ratios are what to compare across machines, not absolute times.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class FluxLoadBenchmarks
{
    private string _text = string.Empty;
    private ManifestLoader _typedOnly = null!;

    [Params(10_000)]
    public int Objects { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = Corpus.Flux(Objects);
        _typedOnly = new ManifestLoader(KindRegistry.Default, ObjectValidator.Default, new ManifestLoaderOptions { RunRules = false });
        var check = ManifestLoader.Default.Parse(_text, "corpus.yaml");
        if (check.Objects.Count() != Objects || !check.Diagnostics.IsValid)
        {
            throw new InvalidOperationException("The generated corpus does not load cleanly:\n" + check.Diagnostics);
        }

        Console.WriteLine($"// corpus: {Objects} objects, {System.Text.Encoding.UTF8.GetByteCount(_text)} bytes");
    }

    [Benchmark(Baseline = true, Description = "SharpYaml raw event loop")]
    public int SharpYamlEvents()
    {
        var parser = SharpYaml.Parser.CreateParser(new StringReader(_text));
        var n = 0;
        while (parser.MoveNext())
        {
            n++;
        }

        return n;
    }

    [Benchmark(Description = "YamlDotNet raw event loop (comments on)")]
    public int YamlDotNetEvents()
    {
        var parser = new YamlDotNet.Core.Parser(new YamlDotNet.Core.Scanner(new StringReader(_text), skipComments: false));
        var n = 0;
        while (parser.MoveNext())
        {
            n++;
        }

        return n;
    }

    [Benchmark(Description = "DataPlatform typed load")]
    public int TypedLoad() => _typedOnly.Parse(_text, "corpus.yaml").Documents.Count;

    [Benchmark(Description = "DataPlatform typed load + validation")]
    public int TypedLoadAndValidate() => ManifestLoader.Default.Parse(_text, "corpus.yaml").Documents.Count;
}

/// <summary>Core Kubernetes objects: our loader against KubernetesClient's KubernetesYaml, per document.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class CoreLoadBenchmarks
{
    private string _text = string.Empty;
    private string[] _documents = [];

    [Params(10_000)]
    public int Objects { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = Corpus.ConfigMaps(Objects);
        _documents = _text.Split("---\n");
    }

    [Benchmark(Baseline = true, Description = "KubernetesYaml.Deserialize<V1ConfigMap> per document")]
    public int KubernetesYamlDeserialize()
    {
        var n = 0;
        foreach (var d in _documents)
        {
            n += k8s.KubernetesYaml.Deserialize<k8s.Models.V1ConfigMap>(d).Data.Count;
        }

        return n;
    }

    [Benchmark(Description = "DataPlatform typed load + validation")]
    public int TypedLoadAndValidate() => ManifestLoader.Default.Parse(_text, "corpus.yaml").Documents.Count;
}
