using System.Diagnostics;
using System.Text;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Liquibase;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Sops;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Platform.Tests.Hostile;

/// <summary>
/// Issue #16: every reader, fed mutated real files (fixed seeds, a stated number of iterations), answers with
/// diagnostics within its time budget and never throws. Seeds are the vendored corpora, so the mutations start from
/// the shapes real files have.
/// </summary>
public sealed class ReaderFuzzTests
{
    /// <summary>
    /// Inputs per reader: enough to hit the structural characters of each format many times, small enough for CI.
    /// Explore further locally with DP_FUZZ_ITERATIONS and DP_FUZZ_SEED.
    /// </summary>
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("DP_FUZZ_ITERATIONS"), out var n) ? n : 1000;

    /// <summary>
    /// The time one input may take (a hostile one included). Wall-clock on a shared 2-core machine where other test
    /// assemblies run at the same time: generous against scheduling pauses, far below the seconds-to-minutes of a
    /// super-linear blow-up (a typical input takes milliseconds).
    /// </summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    private static readonly string[] Structural = ["[", "]", "{", "}", "&a ", "*a", "!!str ", "|", ">-", ": ", "- ", "#", "'", "\"", "\n", "\t", "---\n", "<<: ", "<", "/>", "</", "&amp;", "<!DOCTYPE x>", "--changeset ", "--rollback ", "=", "[[", "ENC[", "\0", "\u00e9", "\ud83d\ude00"];

    public static TheoryData<string> Readers() => ["yaml-manifests", "kestra-flows", "xml-changelogs", "sql-changelogs", "dlt-toml", "sops-files", "sops-config"];

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Reader_never_throws_and_stays_within_its_budget(string reader)
    {
        var (seeds, read) = Reader(reader);
        seeds.Count.ShouldBeGreaterThan(0);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("DP_FUZZ_SEED"), out var s) ? s : 20261201;
        var random = new Random(reader.Aggregate(seed, (h, c) => (h * 31) + c)); // string.GetHashCode differs per process
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < Iterations; i++)
        {
            var input = Mutate(seeds[random.Next(seeds.Count)], random);
            var watch = Stopwatch.StartNew();
            try
            {
                // A hang fails the test with its input instead of hanging the run.
                await Task.Run(() => read(input)).WaitAsync(Budget * 3);
            }
            catch (TimeoutException)
            {
                File.WriteAllText(Path.Combine(Path.GetTempPath(), $"dataplatform-fuzz-{reader}-{i}.txt"), input); // To reproduce.
                throw new ShouldAssertException($"{reader} did not finish input {i} in {Budget * 3}:\n{input[..Math.Min(input.Length, 2000)]}");
            }
            catch (Exception ex) when (ex is not ShouldAssertException)
            {
                throw new ShouldAssertException($"{reader} threw {ex.GetType().Name} on input {i}: {ex.Message}\n---\n{input[..Math.Min(input.Length, 2000)]}", ex);
            }

            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            watch.Elapsed.ShouldBeLessThan(Budget, $"{reader}, input {i}:\n{input[..Math.Min(input.Length, 2000)]}");
        }

        Environment.WorkingSet.ShouldBeLessThan(2L * 1024 * 1024 * 1024, $"{reader}: memory budget (slowest input {slowest.TotalMilliseconds:F0} ms)");
    }

    private static (List<string> Seeds, Action<string> Read) Reader(string name)
    {
        string Ref(string path) => Path.Combine(TestPaths.Reference, path);
        List<string> Files(string folder, string pattern) =>
            [.. Directory.EnumerateFiles(Ref(folder), pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(40).Select(File.ReadAllText)];
        return name switch
        {
            "yaml-manifests" => (Files("corpus/flux2-multi-tenancy", "*.yaml").Concat(Files("flux", "*.yaml").Take(3)).ToList(),
                text => GitOpsRepository.Load(FileTree.Empty.With("clusters/dev/x.yaml", text).With("kustomization.yaml", "resources: [clusters/dev/x.yaml]\n")).Validate()),
            "kestra-flows" => (Files("corpus/kestra-tests", "*.y*ml"), text => ManifestLoader.LoadString(text, "pipelines/f.yaml")),
            "xml-changelogs" => (Files("corpus/liquibase-integration-tests", "*.xml"), text => LiquibaseFile.Parse(text, "db/c.xml")),
            "sql-changelogs" => (["--liquibase formatted sql\n\n--changeset a:1 runOnChange:true\nCREATE TABLE t (id int);\n--rollback DROP TABLE t;\n\n--changeset b:2 context:test\n--comment: x\nINSERT INTO t VALUES (1);\n--rollback DELETE FROM t;\n"],
                text => LiquibaseFile.Parse(text, "db/c.sql")),
            "dlt-toml" => (["[sources.stripe]\napi_key = \"x\"\n\n[destination.postgres.credentials]\nhost = \"db\"\nport = 5432\n", "[runtime]\nlog_level=\"INFO\"\n[sources.a.b]\nx = [1, 2]\n"],
                text => GitOpsRepository.Load(FileTree.Empty.With("pipelines/.dlt/dev.secrets.toml", text)).Validate()),
            "sops-files" => (Files("sops/vectors", "*.yaml"), text => { try { SopsFile.Decrypt(text, SopsFormat.Yaml, [AgeIdentity.Generate()]); } catch (SopsException) { } }),
            _ => ([File.ReadAllText(Ref("sops/examples/functional-tests.sops.yaml")), File.ReadAllText(Ref("sops/vectors/kustomize-controller/internal/controller/testdata/sops/.sops.yaml"))],
                text => GitOpsRepository.Load(FileTree.Empty.With(".sops.yaml", text).With("s.sops.yaml", "a: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\n")).Validate()),
        };
    }

    private static string Mutate(string seed, Random random)
    {
        var sb = new StringBuilder(seed);
        var edits = 1 + random.Next(8);
        for (var e = 0; e < edits; e++)
        {
            var at = sb.Length == 0 ? 0 : random.Next(sb.Length);
            switch (random.Next(6))
            {
                case 0:
                    sb.Insert(at, Structural[random.Next(Structural.Length)]);
                    break;
                case 1 when sb.Length > 0:
                    sb.Remove(at, Math.Min(sb.Length - at, 1 + random.Next(20)));
                    break;
                case 2 when sb.Length > 0:
                    var len = Math.Min(sb.Length - at, 1 + random.Next(200));
                    var slice = sb.ToString(at, len);
                    sb.Insert(random.Next(sb.Length), string.Concat(Enumerable.Repeat(slice, 1 + random.Next(4))));
                    break;
                case 3:
                    sb.Insert(at, new string(random.Next(2) == 0 ? '[' : '{', 1 + random.Next(400)));
                    break;
                case 4 when sb.Length > 0:
                    sb[at] = (char)random.Next(1, 128);
                    break;
                default:
                    sb.Length = Math.Min(sb.Length, at);
                    break;
            }
        }

        return sb.ToString();
    }
}
