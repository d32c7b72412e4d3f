using DataPlatform.Sdk.Kestra;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Samples.Tests;

/// <summary>
/// The dataplatform tool as a user gets it: `dotnet tool install --prerelease --add-source &lt;feed&gt;` from the packed
/// RID-specific packages, which on linux-x64 must give the Native AOT executable (no dataplatform.dll in the tool store)
/// that validates, formats, prints schemas and decrypts SOPS files like the JIT build. The packages come from
/// <c>DP_TOOL_FEED</c> (<c>.ci/run</c> packs them once with <c>.ci/pack-tool</c>) or are packed here (a few minutes).
/// </summary>
[Trait("Category", RealTools.Trait)]
public sealed class NativeToolTests : IClassFixture<NativeToolTests.InstalledTool>, IDisposable
{
    private readonly InstalledTool _tool;
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("dp-native-");

    public NativeToolTests(InstalledTool tool) => _tool = tool;

    public void Dispose() => _work.Delete(recursive: true);

    /// <summary>Packs (or takes) the feed and installs the tool once for all tests of the class.</summary>
    public sealed class InstalledTool : IDisposable
    {
        private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("dp-tool-");

        public InstalledTool()
        {
            var feed = Environment.GetEnvironmentVariable("DP_TOOL_FEED") is { Length: > 0 } given ? given : Path.Combine(_home.FullName, "feed");
            if (!Directory.Exists(feed) || !Directory.EnumerateFiles(feed, "DataPlatform.Sdk.Cli.linux-x64.*.nupkg").Any())
            {
                var (packed, stdout, stderr) = RealTools.Run("bash", [Path.Combine(TestPaths.RepoRoot, ".ci", "pack-tool"), feed], TestPaths.RepoRoot, TimeSpan.FromMinutes(20));
                packed.ShouldBe(0, $"packing the tool failed (clang installed?):\n{stdout}\n{stderr}");
            }

            Feed = feed;
            ToolPath = Path.Combine(_home.FullName, "tool");
            var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_home.FullName, "packages"), ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };
            var (code, o, e) = RealTools.Run("dotnet", ["tool", "install", "DataPlatform.Sdk.Cli", "--prerelease", "--add-source", feed, "--tool-path", ToolPath], _home.FullName, TimeSpan.FromMinutes(5), environment);
            code.ShouldBe(0, o + e);
        }

        public string Feed { get; }

        public string ToolPath { get; }

        public string Command => Path.Combine(ToolPath, "dataplatform");

        public void Dispose() => _home.Delete(recursive: true);
    }

    private (int Code, string Out, string Err) Run(params string[] args) =>
        RealTools.Run(_tool.Command, args, _work.FullName, TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["SOPS_AGE_KEY_FILE"] = Path.Combine(_work.FullName, "age", "keys.txt") });

    [Fact]
    public void On_linux_x64_the_installed_tool_is_the_native_executable()
    {
        Directory.GetFiles(_tool.ToolPath, "*.dll", SearchOption.AllDirectories).ShouldBeEmpty("a Native AOT tool has no managed assemblies");
        Directory.GetFiles(_tool.ToolPath, "*.dbg", SearchOption.AllDirectories).ShouldBeEmpty("debug symbols stay out of the package");
        var target = new FileInfo(_tool.Command).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? _tool.Command;
        File.ReadAllBytes(target)[..4].ShouldBe(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' });
        var (code, stdout, stderr) = Run("--version");
        code.ShouldBe(0, stderr);
        stdout.ShouldContain("-preview");
    }

    [Fact]
    public void The_native_tool_writes_validates_and_finds_a_planted_defect()
    {
        var repo = Path.Combine(_work.FullName, "repo");
        var (init, initOut, initErr) = Run("init", "--example", repo);
        init.ShouldBe(0, initOut + initErr);
        var (clean, cleanOut, cleanErr) = Run("validate", repo);
        clean.ShouldBe(0, cleanOut + cleanErr);

        // Diagnostics go to stdout, the summary to stderr (as the JIT build does).
        cleanErr.ShouldContain("0 errors");
        cleanErr.ShouldContain("Flow (kestra.io)");
        cleanErr.ShouldContain("DatabaseChangeLog (liquibase.org)");

        File.AppendAllText(Path.Combine(repo, "clusters", "dev", "cluster-config.yaml"),
            "---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: planted\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./platform/overlays/dev\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  dependsOn:\n    - name: no-such-kustomization\n");
        var (broken, brokenOut, brokenErr) = Run("validate", repo);
        broken.ShouldBe(1, brokenOut + brokenErr);
        brokenOut.ShouldContain("clusters/dev/cluster-config.yaml(");
        brokenOut.ShouldContain("no-such-kustomization");
    }

    [Fact]
    public void The_native_tool_decrypts_the_example_secrets_and_prints_the_schemas_the_jit_build_does()
    {
        var repo = Path.Combine(_work.FullName, "repo");
        Run("init", "--example", repo).Code.ShouldBe(0);
        var (decrypted, plain, err) = Run("secrets", "decrypt", Path.Combine(repo, "domains", "marketing", "base", "campaign-api.sops.yaml"));
        decrypted.ShouldBe(0, err);
        plain.ShouldContain("kind: Secret");
        plain.ShouldNotContain("ENC[");

        var (schema, json, schemaErr) = Run("schema", "kestra-flow");
        schema.ShouldBe(0, schemaErr);
        json.ShouldBe(KestraSchema.Generate());
        var (helm, helmJson, helmErr) = Run("schema", "helmrelease");
        helm.ShouldBe(0, helmErr);
        System.Text.Json.JsonDocument.Parse(helmJson).RootElement.GetProperty("title").GetString().ShouldBe("HelmRelease (helm.toolkit.fluxcd.io/v2)");
    }
}
