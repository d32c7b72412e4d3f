using System.Text.Json.Nodes;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// The CI of the seed (GitHub Actions): validate every change (YAML, dataplatform, every overlay built, changelogs,
/// Dockerfiles), tag releases, and deploy by promotion after the first environment reconciled the release.
/// </summary>
internal sealed class WorkflowsContributor : ILayoutContributor
{
    /// <summary>
    /// Rewrites every setter-marked release ref (<c>value: "v1.0.0" # {"$release": "prod"}</c>) to the new version, so
    /// the tagged commit itself names its tag: the environments that run releases sync flows and clone code from it.
    /// </summary>
    internal const string BumpReleaseRefs =
        "grep -rlF '{\"$release\": ' --include='*.yaml' . | while read -r file; do\n" +
        "  sed -i -E 's/^([[:space:]]*value: )\"?[^\" ]*\"?( # \\{\"\\$release\": \"[^\"]+\"\\})$/\\1\"v'\"${VERSION}\"'\"\\2/' \"$file\"\n" +
        "done\n";

    /// <summary>
    /// Moves every setter-marked release pin of an image (<c>newTag: 1.4.2 # {"$release-image": "flux-system:app"}</c>)
    /// to the tag the first environment runs: the one its image automation wrote after the image policy marker of the
    /// same name (<c>image: …:1.5.0 # {"$imagepolicy": "flux-system:app"}</c>). Chart versions need no move: they are
    /// pinned once in the base, so the tagged commit carries them to every release-following cluster.
    /// </summary>
    internal const string BumpReleasedImages = """
        { grep -rhoE '[^ ]+:[^ :]+ # \{"\$imagepolicy": "[^"]+"\}' --include='*.yaml' domains 2>/dev/null || true; } | sed -E 's/^[^ ]*:([^ :]+) # \{"\$imagepolicy": "([^"]+)"\}$/\2 \1/' | sort -u | while read -r policy tag; do
          { grep -rlF "{\"\$release-image\": \"$policy\"}" --include='*.yaml' . || true; } | while read -r file; do
            sed -i -E "s/^([[:space:]]*newTag: )\"?[^\" ]*\"?( # \{\"\\\$release-image\": \"$policy\"\})$/\1\"$tag\"\2/" "$file"
            echo "$file: $policy -> $tag"
          done
        done

        """;

    /// <summary>The version of the dataplatform tool CI installs: the SDK's own, so CI validates with the rules the repository was made with.</summary>
    private static string ToolVersion => typeof(WorkflowsContributor).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
        .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "0.1.0";

    public void Contribute(LayoutContext context)
    {
        var spec = context.Spec;
        var overlays = context.Paths.BuiltFolders;
        var read = new JsonObject { ["contents"] = "read" };
        GitHub.GitHubStep Checkout(JsonObject? with = null) => new() { Uses = "actions/checkout@v4", With = with };
        var validate = new GitHub.GitHubWorkflow
        {
            Name = "validate",
            On = new JsonObject { ["pull_request"] = null, ["push"] = new JsonObject { ["branches"] = new JsonArray("main") } },
            Permissions = read.DeepClone(),
            Concurrency = new JsonObject { ["group"] = "validate-${{ github.ref }}", ["cancel-in-progress"] = true },
            Jobs = new Dictionary<string, GitHub.GitHubJob>
            {
                ["validate"] = new()
                {
                    RunsOn = "ubuntu-latest",
                    TimeoutMinutes = 20,
                    Steps =
                    [
                        Checkout(new JsonObject { ["fetch-depth"] = 0 }), // full history: --base-ref compares changelogs with main
                        new() { Name = "YAML lint", Run = "pipx run yamllint==1.35.1 -d \"{extends: relaxed, rules: {line-length: disable}}\" ." },
                        new() { Uses = "actions/setup-dotnet@v4", With = new JsonObject { ["dotnet-version"] = "10.0.x" } },
                        new() { Name = "Install dataplatform", Run = $"dotnet tool install --global DataPlatform.Sdk.Cli --version {ToolVersion}" },
                        new() { Name = "Validate the repository", Run = "dataplatform validate . --format github --base-ref \"origin/${{ github.base_ref || 'main' }}\"" },
                        new() { Name = "Build every overlay", Run = $"for dir in {overlays}; do\n  echo \"kustomize build $dir\"\n  kubectl kustomize \"$dir\" > /dev/null\ndone\n" },
                        .. ChartAndImageChecks.RenderCharts(context),
                        new()
                        {
                            Name = "Validate Liquibase changelogs",
                            If = "hashFiles('domains/*/migrations/**/changelog.yaml') != ''",
                            Run = "for changelog in domains/*/migrations/*/changelog.yaml domains/*/migrations/changelog.yaml; do\n  [ -f \"$changelog\" ] || continue\n  docker run --rm -v \"$PWD:/liquibase/changelog\" liquibase/liquibase:4.28.0 --search-path=/liquibase/changelog \"--changelog-file=$changelog\" --url=offline:postgresql validate\ndone\n",
                        },
                        new()
                        {
                            Name = "Lint Dockerfiles",
                            If = "hashFiles('**/Dockerfile') != ''",
                            Run = "find . -name Dockerfile -not -path './.git/*' -print0 | xargs -0 -n1 sh -c 'docker run --rm -i hadolint/hadolint:v2.12.0 < \"$0\"'\n",
                        },
                    ],
                },
            },
        };

        if (ChartAndImageChecks.ScanImages(context) is { } scan)
        {
            validate = validate with { Jobs = new Dictionary<string, GitHub.GitHubJob>(validate.Jobs) { ["scan-images"] = scan } };
        }

        var prod = spec.Clusters.FirstOrDefault(c => c.Name is "prod" or "production");
        var release = new GitHub.GitHubWorkflow
        {
            Name = "release",
            On = new JsonObject { ["workflow_dispatch"] = new JsonObject { ["inputs"] = new JsonObject { ["version"] = new JsonObject { ["description"] = "Release version (SemVer, without the leading v)", ["required"] = true, ["type"] = "string" } } } },
            Permissions = read.DeepClone(),
            Jobs = new Dictionary<string, GitHub.GitHubJob>
            {
                ["release"] = new()
                {
                    RunsOn = "ubuntu-latest",
                    Permissions = new JsonObject { ["contents"] = "write" },
                    Steps =
                    [
                        Checkout(new JsonObject { ["fetch-depth"] = 0 }),
                        new() { Name = "Check the version", Env = new JsonObject { ["VERSION"] = "${{ inputs.version }}" }, Run = "echo \"$VERSION\" | grep -Eq '^[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?$' || { echo \"::error::$VERSION is not SemVer\"; exit 1; }" },
                        new() { Name = "Point released environments at the release", Env = new JsonObject { ["VERSION"] = "${{ inputs.version }}" }, Run = BumpReleaseRefs },
                        new() { Name = "Release the image tags the first environment runs", Run = BumpReleasedImages },
                        new()
                        {
                            Name = "Commit the release, tag it and write the release notes",
                            Env = new JsonObject { ["GH_TOKEN"] = "${{ github.token }}", ["VERSION"] = "${{ inputs.version }}" },
                            Run = "git config user.name \"github-actions[bot]\"\ngit config user.email \"41898282+github-actions[bot]@users.noreply.github.com\"\n"
                                + "git commit -am \"Release v${VERSION}\" || true\ngit tag \"v${VERSION}\"\ngit push origin HEAD \"v${VERSION}\"\n"
                                + "gh release create \"v${VERSION}\" --generate-notes --verify-tag\n",
                        },
                    ],
                },
            },
        };

        var promoteSteps = new List<GitHub.GitHubStep> { Checkout() };
        if (prod?.Tracking.Kind == "tag")
        {
            promoteSteps.Add(new() { Name = "Point production at the release", Env = new JsonObject { ["TAG"] = "${{ github.event.release.tag_name }}" }, Run = $"sed -i \"s/^\\(\\s*tag:\\).*/\\1 ${{TAG}}/\" clusters/{prod.Name}/flux-system/gotk-sync.yaml" });
            promoteSteps.Add(new() { Name = "Open the promotion pull request", Uses = "peter-evans/create-pull-request@v6", With = new JsonObject { ["branch"] = "promote/${{ github.event.release.tag_name }}", ["title"] = "Promote ${{ github.event.release.tag_name }} to production", ["body"] = "Production follows release tags: merging this review deploys the release." } });
        }
        else
        {
            promoteSteps.Add(new() { Name = "Production follows the semver range", Run = $"echo \"clusters/{prod?.Name ?? "prod"} follows {prod?.Tracking.Value ?? "a release range"}; ${{{{ github.event.release.tag_name }}}} deploys when it is in range.\" >> \"$GITHUB_STEP_SUMMARY\"" });
        }

        var deploy = new GitHub.GitHubWorkflow
        {
            Name = "deploy",
            On = new JsonObject { ["release"] = new JsonObject { ["types"] = new JsonArray("published") } },
            Permissions = read.DeepClone(),
            Jobs = new Dictionary<string, GitHub.GitHubJob>
            {
                ["integration-tests"] = new()
                {
                    RunsOn = "ubuntu-latest",
                    Environment = spec.Clusters.FirstOrDefault()?.Name ?? "dev",
                    Steps =
                    [
                        Checkout(),
                        new() { Name = "Wait for Flux to reconcile the release on the first environment", Env = new JsonObject { ["KUBECONFIG_DATA"] = "${{ secrets.KUBECONFIG }}" },
                            Run = "echo \"$KUBECONFIG_DATA\" > \"$RUNNER_TEMP/kubeconfig\"\nexport KUBECONFIG=\"$RUNNER_TEMP/kubeconfig\"\nkubectl -n flux-system wait kustomizations --all --for=condition=Ready --timeout=15m\n" },
                    ],
                },
                ["promote"] = new()
                {
                    Needs = "integration-tests",
                    RunsOn = "ubuntu-latest",
                    Environment = prod?.Name ?? "prod",
                    Permissions = new JsonObject { ["contents"] = "write", ["pull-requests"] = "write" },
                    Steps = promoteSteps,
                },
                ["notify"] = new()
                {
                    Needs = new JsonArray("integration-tests", "promote"),
                    If = "always()",
                    RunsOn = "ubuntu-latest",
                    Steps =
                    [
                        new() { Name = "Notify the team", Env = new JsonObject { ["WEBHOOK"] = "${{ secrets.NOTIFICATION_WEBHOOK_URL }}", ["RESULT"] = "${{ needs.promote.result }}", ["TAG"] = "${{ github.event.release.tag_name }}" },
                            Run = "[ -z \"$WEBHOOK\" ] || curl -fsS -X POST -H 'Content-Type: application/json' -d \"{\\\"text\\\": \\\"Release $TAG: promotion $RESULT\\\"}\" \"$WEBHOOK\"" },
                    ],
                },
            },
        };

        context.Files.Add(".github/workflows/validate.yaml", [validate], header: "# Validates every change: YAML, the repository with dataplatform, every overlay, changelogs, Dockerfiles.\n");
        context.Files.Add(".github/workflows/release.yaml", [release], header: "# Tags a release from main; production follows releases, never a branch.\n");
        context.Files.Add(".github/workflows/deploy.yaml", [deploy], header: "# Deployment is GitOps (Flux applies git). On a release: wait for the first environment, promote by pull request, notify.\n");
    }
}
