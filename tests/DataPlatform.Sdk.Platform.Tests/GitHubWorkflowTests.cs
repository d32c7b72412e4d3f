using DataPlatform.Sdk.GitHub;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Sops;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Typed GitHub Actions workflows: generated ones pass the real actionlint and DPW rules; planted defects are found.</summary>
public sealed class GitHubWorkflowTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-gha-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Workflow = """
        name: ci
        "on":
          push:
            branches: [main]
        permissions:
          contents: read
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - name: Test
                env:
                  TOKEN: ${{ secrets.TOKEN }}
                run: make test
        """;

    [Fact]
    [Trait("Category", RealTools.Trait)]
    public async Task Generated_workflows_load_typed_and_pass_actionlint()
    {
        var repo = DataPlatformRepository.Example(RepositoryProfile.Standard, AgeIdentity.Generate().Recipient).Build();
        await repo.WriteAsync(Path.Combine(_dir, "repo"));
        var files = Directory.GetFiles(Path.Combine(_dir, "repo", ".github", "workflows"));
        files.Length.ShouldBe(3);

        RealTools.Actionlint(files).ShouldBeEmpty();
        var loaded = GitOpsRepository.Load(repo.Files).Objects.Select(o => o.Value).OfType<GitHubWorkflow>().ToList();
        loaded.Select(w => w.Name).Order(StringComparer.Ordinal).ShouldBe(["deploy", "release", "validate"]);
        loaded.Single(w => w.Name == "deploy").Jobs["promote"].Permissions!["pull-requests"]!.ToString().ShouldBe("write");
        File.ReadAllText(files[0]).ShouldContain("\"on\":");
    }

    [Fact]
    [Trait("Category", RealTools.Trait)]
    public void Actionlint_finds_what_a_planted_defect_breaks()
    {
        var path = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(path, Workflow.Replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", StringComparison.Ordinal));

        RealTools.Actionlint(path).ShouldContain("runs-on");
    }

    [Fact]
    public void The_valid_workflow_is_clean()
    {
        var result = ManifestLoader.LoadString(Workflow, ".github/workflows/ci.yaml");

        result.Documents[0].Object.ShouldBeOfType<GitHubWorkflow>();
        result.Diagnostics.Diagnostics.ShouldBeEmpty(result.Diagnostics.ToText());
    }

    [Theory]
    [InlineData("DPW001", "actions/checkout@v4", "actions/checkout@main", 11)]
    [InlineData("DPW001", "actions/checkout@v4", "actions/checkout", 11)]
    [InlineData("DPW002", "  contents: read", "  write-all", 5)]
    [InlineData("DPW003", "${{ secrets.TOKEN }}", "ghp_abcdefghijklmnopqrstuvwxyz0123", 14)]
    [InlineData("DPW004", "\"on\":", "on:", 2)]
    public void Planted_defect_is_reported_at_its_line(string code, string find, string replace, int line)
    {
        var text = Workflow.Replace(find, replace, StringComparison.Ordinal);
        if (code == "DPW002")
        {
            text = text.Replace("permissions:\n  write-all", "permissions: write-all", StringComparison.Ordinal);
        }

        var d = ManifestLoader.LoadString(text, ".github/workflows/ci.yaml").Diagnostics.Diagnostics.FirstOrDefault(x => x.Code == code);

        d.ShouldNotBeNull(text);
        d.Location!.Value.Line.ShouldBe(line);
    }

    [Theory]
    [InlineData("actions/checkout@v4", true)]
    [InlineData("actions/checkout@v4.1.7", true)]
    [InlineData("actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11", true)]
    [InlineData("actions/checkout@main", false)]
    [InlineData("docker://alpine:3.20", true)]
    [InlineData("docker://alpine", false)]
    public void Pinning(string uses, bool pinned) => WorkflowRule.IsPinned(uses).ShouldBe(pinned);
}
