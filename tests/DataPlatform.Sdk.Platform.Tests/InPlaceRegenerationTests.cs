using System.Diagnostics;
using DataPlatform.Sdk.Cli;
using DataPlatform.Sdk.Flux;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Tests.Shared;
using DataPlatform.Sdk.Writing;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Regenerating a repository in place in a git checkout, as a GitOps team works: write, review the diff, commit.</summary>
public sealed class InPlaceRegenerationTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("dp-regen-");

    private string Repo => Path.Combine(_work.FullName, "platform");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    [Trait("Category", RealTools.Trait)]
    public void Init_again_in_a_git_checkout_keeps_comments_and_unrelated_files_and_leaves_git_clean()
    {
        Directory.CreateDirectory(Repo);
        Git("init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(Repo, "Program.cs"), "// the team's own tool\n");
        File.WriteAllText(Path.Combine(Repo, "README.md"), "# Our data platform\n"); // where the layout writes a README of its own
        Run(Repo).ShouldBe(0);
        Git("add", "-A");
        Git("commit", "-qm", "generated");

        var release = Directory.EnumerateFiles(Repo, "*.yaml", SearchOption.AllDirectories)
            .First(f => File.ReadAllText(f).Contains("kind: HelmRelease", StringComparison.Ordinal));
        var text = File.ReadAllText(release);
        var at = text.IndexOf("spec:\n", StringComparison.Ordinal) + "spec:\n".Length;
        File.WriteAllText(release, text[..at] + "  # Upgraded by hand once; see docs/runbook.md.\n" + text[at..]);
        Directory.CreateDirectory(Path.Combine(Repo, "docs"));
        File.WriteAllText(Path.Combine(Repo, "docs/runbook.md"), "# Runbook\n");
        Git("add", "-A");
        Git("commit", "-qm", "hand edits");

        Run(Repo).ShouldBe(0);

        Git("status", "--porcelain").ShouldBeEmpty();
        File.ReadAllText(release).ShouldContain("# Upgraded by hand once");
        File.ReadAllText(Path.Combine(Repo, "docs/runbook.md")).ShouldBe("# Runbook\n");
        File.ReadAllText(Path.Combine(Repo, "Program.cs")).ShouldBe("// the team's own tool\n");
        File.ReadAllText(Path.Combine(Repo, "README.md")).ShouldBe("# Our data platform\n");
    }

    [Fact]
    public async Task Removing_a_domain_from_the_description_deletes_only_that_domains_generated_files()
    {
        await Example(withMarketing: true).Build().WriteAsync(Repo);
        File.WriteAllText(Path.Combine(Repo, "domains/marketing/NOTES.md"), "kept: not generated\n");
        var before = Files();

        var plan = await Example(withMarketing: false).Build().WriteAsync(Repo);

        var deleted = plan.Changes.Where(c => c.Kind == FileChangeKind.Deleted && !c.Path.Value.StartsWith(".dataplatform/", StringComparison.Ordinal)).Select(c => c.Path.Value).ToList();
        deleted.ShouldNotBeEmpty();
        deleted.ShouldAllBe(p => p.Contains("marketing", StringComparison.Ordinal), string.Join(", ", deleted));
        Files().ShouldBe(before.Except(deleted).Order(StringComparer.Ordinal), ignoreOrder: true);
        File.Exists(Path.Combine(Repo, "domains/marketing/NOTES.md")).ShouldBeTrue();
        Example(withMarketing: false).Build().Plan(Repo).IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public async Task A_plan_is_exactly_what_the_write_does()
    {
        await DataPlatformRepository.Example().Build().WriteAsync(Repo);
        var changed = DataPlatformRepository.Example().Cluster("staging", c => c.TrackBranch("release")).Build();

        var plan = changed.Plan(Repo);
        var written = await changed.WriteAsync(Repo);

        written.Changes.Select(c => (c.Path, c.Kind, c.Diff)).ShouldBe(plan.Changes.Select(c => (c.Path, c.Kind, c.Diff)));
        plan.Changes.ShouldContain(c => c.Path.Value == "clusters/staging/flux-system/gotk-sync.yaml" && c.Kind == FileChangeKind.Added);
        changed.Plan(Repo).IsEmpty.ShouldBeTrue();
    }

    private static DataPlatformRepositoryBuilder Example(bool withMarketing)
    {
        var b = DataPlatformRepository.CreateBuilder("data-platform-gitops")
            .Source(s => s.Url("https://github.com/acme/data-platform-gitops"))
            .Cluster("dev", c => c.TrackBranch("main"))
            .Cluster("prod", c => c.TrackSemVer(">=1.0.0"))
            .Infrastructure(i => i.Observability().Networking().Storage())
            .Platform(p => p.Kestra().Superset().Dlt().Liquibase())
            .Notifications(n => n.Slack("#data-platform").GitHubCommitStatus("https://github.com/acme/data-platform-gitops"))
            .Tenant("finance-team", t => t.Quota(cpu: "8", memory: "32Gi"))
            .Tenant("marketing-team", t => t.Quota(cpu: "4", memory: "16Gi"))
            .Domain("finance", d => ExampleFlows.Finance(d.OwnedBy("finance-team").Setting("REPORTING_CURRENCY", "EUR")));
        return withMarketing ? b.Domain("marketing", d => ExampleFlows.Marketing(d.OwnedBy("marketing-team"))) : b;
    }

    private List<string> Files() =>
        [.. Directory.EnumerateFiles(Repo, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Repo, f).Replace('\\', '/'))
            .Where(p => !p.StartsWith(".dataplatform/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    private static int Run(string target)
    {
        var (code, _, err) = TestCli.Run((o, e) => Commands.Init(target, RepositoryProfile.Standard, example: true, o, e));
        code.ShouldBe(0, err);
        return code;
    }

    private string Git(params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = Repo, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["-c", "user.name=t", "-c", "user.email=t@example.com", .. args])
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("git is required for this test (installed by .ci/run).");
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        p.ExitCode.ShouldBe(0, p.StandardError.ReadToEnd());
        return output;
    }
}
