using System.Text.Json;
using DataPlatform.Sdk.Cli;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Platform.Tests.Trust;

/// <summary>Issue #13: one minimal reproducer per item seen on real repositories (items 1, 5 and 6 are in the Liquibase tests).</summary>
public sealed class ReproducerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-trust-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ValidationReport Validate(FileTree tree) => GitOpsRepository.Load(tree).Validate();

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Out, string Err) Run(Func<TextWriter, TextWriter, int> command) => TestCli.Run(command);

    private const string ChangeSets = "  <changeSet id=\"1\" author=\"a\">\n    <sql>select 1</sql>\n    <rollback/>\n  </changeSet>\n  <changeSet id=\"1\" author=\"a\">\n    <sql>select 2</sql>\n    <rollback/>\n  </changeSet>\n</databaseChangeLog>\n";

    [Fact]
    public void Item2_an_xml_1_1_changelog_is_read_and_checked()
    {
        var xml = "<?xml version=\"1.1\" encoding=\"UTF-8\"?>\n<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">\n" + ChangeSets;

        var report = Validate(FileTree.Empty.With("db/changelog.xml", xml));

        report.Diagnostics.ShouldNotContain(d => d.Code == "DPS001", report.ToText());
        report.Errors.Single(d => d.Code == "DPL002").Location!.Value.Line.ShouldBe(7);
        var file = Write("db/changelog.xml", xml);
        Run((o, e) => Commands.Format(file, check: true, o, e)).Code.ShouldBe(0);
    }

    [Fact]
    public void Item2_a_doctype_is_skipped_with_a_plain_message()
    {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE databaseChangeLog [\n<!ENTITY x SYSTEM \"/etc/passwd\">\n]>\n<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">\n" + ChangeSets;

        var report = Validate(FileTree.Empty.With("db/changelog.xml", xml));

        report.Diagnostics.Single(d => d.Code == "DPL011").Severity.ShouldBe(DiagnosticSeverity.Info);
        report.Diagnostics.ShouldNotContain(d => d.Message.Contains("DtdProcessing", StringComparison.Ordinal));
        report.Errors.ShouldContain(d => d.Code == "DPL002"); // The rest of the file is still checked.
    }

    [Fact]
    public void Item3_an_unknown_key_does_not_silence_the_other_checks()
    {
        const string flow = "id: hello\nnamespace: company.team\ndescripton: typo\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: \"{{ outputs.nope }}\"\n"
            + "  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: hi\ntriggers:\n  - id: s\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"99 99 * * *\"\n";
        const string deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: apps\nspek: {}\nspec:\n  selector:\n    matchLabels: {app: web}\n"
            + "  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          securityContext:\n            privileged: true\n";

        var codes = ManifestLoader.LoadString(flow, "f.yaml").Diagnostics.Errors.Select(d => d.Code).ToList();
        var deploymentCodes = ManifestLoader.LoadString(deployment, "d.yaml").Diagnostics.Errors.Select(d => d.Code).ToList();

        codes.ShouldBe(["DPS010", "DPK007", "DPK005", "DPK006"], ignoreOrder: true);
        deploymentCodes.ShouldBe(["DPS010", "DPC005"], ignoreOrder: true);
    }

    [Fact]
    public void Item3_a_value_of_the_wrong_type_does_not_silence_the_rest_of_a_flow()
    {
        const string flow = "id: hello\nnamespace: company.team\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n    disabled: [1]\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n";

        var codes = ManifestLoader.LoadString(flow, "f.yaml").Diagnostics.Errors.Select(d => d.Code).ToList();

        codes.ShouldContain("DPS011");
        codes.ShouldContain("DPK005");
    }

    [Fact]
    public void Item7_descriptions_are_never_rendered_and_pebble_syntax_is_a_warning()
    {
        const string flow = "id: f\nnamespace: company.team\ndescription: |\n  Reads {{ inputs.order }} and {{ outputs.x.value }}\ninputs:\n  - id: day\n    type: STRING\n    description: \"{{ inputs.nope }}\"\n"
            + "tasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    description: \"{{ outputs.none.value }}\"\n    message: \"{{ a == 'X' and {% for e in json(v) %}{{ e.key }}{% endfor %} == 'Y' }}\"\n";

        var report = ManifestLoader.LoadString(flow, "f.yaml").Diagnostics;

        report.Errors.ShouldBeEmpty(report.ToText());
        report.Warnings.ShouldContain(d => d.Code == "DPK012");
    }

    [Fact]
    public void Item10_dlt_profile_files_are_read()
    {
        var report = Validate(FileTree.Empty.With("pipelines/dlt/.dlt/dev.secrets.toml", "[destination.postgres.credentials]\npassword = \"hunter2\"\n")
            .With("pipelines/dlt/.dlt/prod.config.toml", "[destination.postgres.credentials]\npassword = \"hunter2\"\n"));

        report.Errors.Select(d => (d.FilePath, d.Code)).ShouldBe(
            [("pipelines/dlt/.dlt/dev.secrets.toml", "DPD007"), ("pipelines/dlt/.dlt/prod.config.toml", "DPD001")], ignoreOrder: true);
    }

    [Theory]
    [InlineData("docker-compose.yml", "services:\n  web:\n    image: nginx:1.27\n")]
    [InlineData("liquibase.properties", "changeLogFile=db/master.xml\n")]
    [InlineData("flows/pluginDefaults.yml", "pluginDefaults:\n  - type: io.kestra.plugin.core.log.Log\n    values:\n      level: INFO\n")]
    public void Item10_a_file_alone_gets_the_verdict_it_gets_in_its_directory(string name, string text)
    {
        var file = Write(name, text);

        var alone = Run((o, e) => Commands.Validate(file, "json", o, e));
        var inDirectory = Run((o, e) => Commands.Validate(_dir, "json", o, e));

        alone.Code.ShouldBe(0, alone.Out);
        inDirectory.Code.ShouldBe(0, inDirectory.Out);
        JsonDocument.Parse(alone.Out).RootElement.GetProperty("diagnostics").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public void Item10_validate_says_what_it_recognised_and_what_it_kept_as_plain_yaml()
    {
        Write("apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: x\n");
        Write("apps/values.yaml", "replicas: 2\n");
        Write("flows/f.yaml", "id: f\nnamespace: company.team\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n");
        Write("README.md", "# repo\n");

        var text = Run((o, e) => Commands.Validate(_dir, "text", o, e, verbose: true));
        var json = Run((o, e) => Commands.Validate(_dir, "json", o, e));
        var sarif = Run((o, e) => Commands.Validate(_dir, "sarif", o, e));

        text.Err.ShouldContain("2 objects (1 ConfigMap, 1 Flow (kestra.io))");
        text.Err.ShouldContain("1 plain YAML/JSON files checked for syntax only; 1 other files not read");
        text.Err.ShouldContain("plain (syntax only): apps/values.yaml");
        var summary = JsonDocument.Parse(json.Out).RootElement.GetProperty("summary");
        summary.GetProperty("plainFiles")[0].GetString().ShouldBe("apps/values.yaml");
        summary.GetProperty("objects").GetProperty("ConfigMap").GetInt32().ShouldBe(1);
        JsonDocument.Parse(sarif.Out).RootElement.GetProperty("runs")[0].GetProperty("properties").GetProperty("summary").GetProperty("otherFiles").GetInt32().ShouldBe(1);
    }

    private static string Sync(string cluster) => "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://github.com/acme/repo\n  ref:\n    branch: main\n"
        + "---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./clusters/" + cluster + "\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n";

    [Fact]
    public void Item11_a_path_missing_from_an_external_artifact_is_reported()
    {
        const string artifacts = "apiVersion: source.extensions.fluxcd.io/v1beta1\nkind: ArtifactGenerator\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  sources:\n    - alias: monorepo\n      kind: GitRepository\n      name: flux-system\n"
            + "  artifacts:\n    - name: apps\n      copy:\n        - from: \"@monorepo/apps/base/**\"\n          to: \"@artifact/base/\"\n        - from: \"@monorepo/apps/staging/**\"\n          to: \"@artifact/staging/\"\n"
            + "---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./does/not/exist\n  prune: true\n  sourceRef:\n    kind: ExternalArtifact\n    name: apps\n";
        var tree = FileTree.Empty.With("clusters/staging/flux-system/gotk-sync.yaml", Sync("staging"))
            .With("clusters/staging/artifacts.yaml", artifacts)
            .With("apps/staging/kustomization.yaml", "resources: []\n").With("apps/base/x.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n");

        var report = Validate(tree);

        var d = report.Errors.Single(d => d.Code == "DPR001");
        (d.FilePath, d.Line).ShouldBe(("clusters/staging/artifacts.yaml", 26));
        Validate(tree.With("clusters/staging/artifacts.yaml", artifacts.Replace("./does/not/exist", "./staging", StringComparison.Ordinal))).Errors.ShouldNotContain(x => x.Code == "DPR001");
    }

    [Fact]
    public void Item11_a_path_leaving_the_source_is_a_diagnostic_not_a_crash()
    {
        Write("clusters/dev/apps.yaml", "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ../../../etc\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n");
        Write("clusters/dev/flux-system/gotk-sync.yaml", Sync("dev"));

        var (code, output, error) = Run((o, e) => Commands.Validate(_dir, "text", o, e));

        code.ShouldBe(1, error);
        output.ShouldContain("clusters/dev/apps.yaml(8,3): error DPR001: Path '../../../etc' leaves the root of its source");
    }

    [Fact]
    public void Item11_a_floating_chart_in_production_is_an_error()
    {
        const string release = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n  namespace: podinfo\nspec:\n  interval: 10m\n  chart:\n    spec:\n      chart: podinfo\n      version: \">=6.0.0\"\n      sourceRef:\n        kind: HelmRepository\n        name: podinfo\n"
            + "---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: podinfo\n  namespace: podinfo\nspec:\n  interval: 1h\n  url: https://stefanprodan.github.io/podinfo\n";
        FileTree Tree(string env) => FileTree.Empty.With($"clusters/{env}/flux-system/gotk-sync.yaml", Sync(env))
            .With($"clusters/{env}/podinfo.yaml", release);

        var prod = Validate(Tree("production"));
        var dev = Validate(Tree("dev"));

        prod.Errors.Single(d => d.Code == "DPR018").Line.ShouldBe(11);
        dev.Errors.ShouldNotContain(d => d.Code == "DPR018");
        dev.Warnings.ShouldContain(d => d.Code == "DPF009");
    }

    [Theory]
    [InlineData(null, "helm.toolkit.fluxcd.io/v2beta2", DiagnosticSeverity.Error)]
    [InlineData("v2.3.0", "helm.toolkit.fluxcd.io/v2beta2", DiagnosticSeverity.Warning)]
    [InlineData("v2.1.6", "helm.toolkit.fluxcd.io/v2beta2", DiagnosticSeverity.Error)]
    [InlineData("v2.7.0", "source.toolkit.fluxcd.io/v1beta2", DiagnosticSeverity.Warning)]
    [InlineData("v2.8.1", "source.toolkit.fluxcd.io/v1beta2", DiagnosticSeverity.Error)]
    public void Item12_an_old_api_version_is_judged_by_the_clusters_flux_release(string? fluxVersion, string apiVersion, DiagnosticSeverity severity)
    {
        var kind = apiVersion.StartsWith("helm", StringComparison.Ordinal) ? "HelmRelease" : "HelmRepository";
        var body = kind == "HelmRelease"
            ? "spec:\n  interval: 10m\n  chart:\n    spec:\n      chart: podinfo\n      version: 6.5.0\n      sourceRef:\n        kind: HelmRepository\n        name: podinfo\n---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: podinfo\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://stefanprodan.github.io/podinfo\n"
            : "spec:\n  interval: 1h\n  url: https://stefanprodan.github.io/podinfo\n";
        var tree = FileTree.Empty.With("clusters/dev/flux-system/gotk-sync.yaml", Sync("dev"))
            .With("clusters/dev/podinfo.yaml", $"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: podinfo\n  namespace: flux-system\n{body}");
        if (fluxVersion is not null)
        {
            tree = tree.With("clusters/dev/flux-system/gotk-components.yaml",
                $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux-system\n  labels:\n    app.kubernetes.io/instance: flux-system\n    app.kubernetes.io/version: {fluxVersion}\n");
        }

        var report = Validate(tree);

        var d = report.Diagnostics.Single(x => x.Code == "DPF001");
        d.Severity.ShouldBe(severity, d.ToString());
        d.FilePath.ShouldBe("clusters/dev/podinfo.yaml");
    }

    [Fact]
    public void Item12_the_table_serves_the_vendored_crds_newest_versions()
    {
        // The vendored Flux 2.9 CRDs serve exactly one version each; the table must call each of those current.
        foreach (var (apiVersion, kind, _, _) in Flux.FluxKinds.Current)
        {
            var (status, _) = Flux.FluxApiVersions.Check(apiVersion, kind, Flux.FluxApiVersions.Newest);
            status.ShouldBeOneOf([Flux.FluxApiStatus.Current, Flux.FluxApiStatus.Unknown], $"{kind} {apiVersion}");
        }
    }
}
