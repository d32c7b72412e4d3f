using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Sdk.Platform.Tests.Trust;

/// <summary>
/// Issue #13: on real files nobody here wrote, every error is a real defect (each listed here with the reason it is
/// real, so the list stays honest both ways), and what Kestra rejects at save time is rejected for its real reason.
/// </summary>
public sealed class CorpusVerdictTests
{
    private static string Corpus(string name) => Path.Combine(TestPaths.Reference, "corpus", name);

    /// <summary>The errors that remain on the valid corpora: (corpus, file, code, how many) → why the defect is real.</summary>
    public static TheoryData<string, string, string, int, string> KnownDefects() => new()
    {
        {
            "liquibase-integration-tests", "liquibase-integration-tests/src/test/resources/changelogs/common/invalid.reference.changelog.xml", "DPL003", 1,
            "Deliberately invalid upstream: it includes foo.xml relative to itself, which does not exist (Liquibase's test expects the failure)."
        },
        {
            "liquibase-integration-tests", "liquibase-standard/src/test/resources/liquibase/parser/core/xml/localParameters/hierarchy/changelog.xml", "DPL003", 2,
            "table1.xml/table2.xml (relativeToChangelogFile) were not copied into the corpus (only files named *changelog* were): in this tree they do not exist."
        },
        {
            "liquibase-integration-tests", "liquibase-standard/src/test/resources/liquibase/parser/core/xml/localParameters/plain/changelog.xml", "DPL003", 2,
            "0001-…xml/0002-…xml (relativeToChangelogFile) were not copied into the corpus: in this tree they do not exist."
        },
        {
            "liquibase-integration-tests", "liquibase-integration-tests/src/test/resources/changelogs/json/common.tests.changelog.json", "DPL002", 1,
            "liquibase/changelog-with-includeAll-logical.xml includes all of changelogs/: the XML, JSON and YAML common tests each define movedFromTest with logicalFilePath /where/it/was.xml, one identity twice in one update."
        },
        {
            "liquibase-integration-tests", "liquibase-integration-tests/src/test/resources/changelogs/yaml/common.tests.changelog.yaml", "DPL002", 1,
            "The same movedFromTest identity as above, reached a third time through that includeAll."
        },
        {
            "kestra-tests/valids", "task-runif.yml", "DPK007", 1,
            "runIf reads outputs.notexists: the task 'willfailedtheflow' is there to make the execution fail (Kestra saves the flow, the run fails)."
        },
        {
            "kestra-tests/valids", "variables-invalid.yaml", "DPK009", 1,
            "Reads inputs.invalid, which the flow does not declare: the fixture exists to fail at run time (Pebble is strict about undefined variables)."
        },
        {
            "kestra-tests/valids", "task-flow-dynamic.yaml", "DPK009", 2,
            "namespace and flowId come from inputs.namespace/inputs.flowId, which the flow does not declare: Kestra passes only declared inputs, so rendering fails."
        },
        {
            "flux2-multi-tenancy", "infrastructure/kyverno/source.yaml", "DPF001", 1,
            "OCIRepository source.toolkit.fluxcd.io/v1beta2: removed in Flux 2.8; the clusters' gotk-components.yaml carries no version, so the newest Flux is assumed."
        },
        {
            "flux2-multi-tenancy", ".github/workflows/test.yaml", "DPW001", 3,
            "Actions used at @main (fluxcd/pkg/actions/*): a branch can change under the workflow; pin a tag or commit SHA."
        },
        {
            "flux2-multi-tenancy", ".github/workflows/e2e.yaml", "DPW001", 1,
            "fluxcd/flux2/action@main: a branch, not a release."
        },
        {
            "flux2-multi-tenancy", ".github/workflows/update.yaml", "DPW001", 1,
            "An action used at a branch, not a release."
        },
    };

    [Theory]
    [InlineData("liquibase-integration-tests")]
    [InlineData("kestra-tests/valids")]
    [InlineData("flux2-multi-tenancy")]
    public void Valid_corpus_has_no_error_but_the_known_real_defects(string corpus)
    {
        var report = GitOpsRepository.Load(Corpus(corpus)).Validate();

        var found = report.Errors.GroupBy(d => (d.FilePath!, d.Code)).ToDictionary(g => g.Key, g => g.Count());
        var known = KnownDefects().Select(r => ((string)r[0], (string)r[1], (string)r[2], (int)r[3])).Where(r => r.Item1 == corpus)
            .ToDictionary(r => (r.Item2, r.Item3), r => r.Item4);
        found.Where(f => !known.TryGetValue(f.Key, out var n) || n != f.Value).ShouldBeEmpty(
            "errors that are not known real defects:\n" + string.Join('\n', report.Errors.Where(d => !known.ContainsKey((d.FilePath!, d.Code)))));
        known.Where(k => !found.ContainsKey(k.Key)).ShouldBeEmpty("known defects no longer reported (remove them from the list)");
    }

    [Fact]
    public void Kestra_example_flows_have_no_error()
    {
        var report = GitOpsRepository.Load(Path.Combine(TestPaths.Reference, "kestra", "examples")).Validate();

        report.Errors.ShouldBeEmpty(report.ToText());
    }

    /// <summary>Kestra's invalid flows, each with the code of the reason Kestra gives (YamlParserTest / FlowValidationTest).</summary>
    public static TheoryData<string, string> Invalids() => new()
    {
        { "dag-cyclicdependency.yaml", "DPK019" },
        { "dag-notexist-task.yaml", "DPK019" },
        { "duplicate-inputs.yaml", "DPK017" },
        { "duplicate-key.yaml", "DPS002" },
        { "duplicate-parallel.yaml", "DPK005" },
        { "duplicate.yaml", "DPK005" },
        { "empty.yaml", "DPK004" },
        { "inputs-bad-type.yaml", "DPK016" },
        { "inputs-bad-validator-syntax.yaml", "DPK016" },
        { "inputs-validation.yaml", "DPK016" },
        { "inputs.yaml", "DPK016" },
        { "invalid-parallel.yaml", "DPK011" },
        { "invalid-property.yaml", "DPK014" },
        { "invalid-task.yaml", "DPK021" },
        { "invalid.yaml", "DPK001" },
        { "listener.yaml", "DPK020" },
        { "recursive-flow.yaml", "DPK020" },
        { "switch-invalid.yaml", "DPK020" },
        { "system-labels.yaml", "DPK022" },
        { "workingdirectory-invalid.yaml", "DPK020" },
        { "workingdirectory-no-tasks.yaml", "DPK011" },
    };

    [Theory]
    [MemberData(nameof(Invalids))]
    public void Kestra_invalid_flow_is_rejected_for_its_real_reason(string file, string code)
    {
        var report = GitOpsRepository.Load(Files.FileTree.Empty.With(file, File.ReadAllText(Path.Combine(Corpus("kestra-tests/invalids"), file)))).Validate();

        report.Errors.ShouldContain(d => d.Code == code, report.ToText());
        report.Errors.ShouldNotContain(d => d.Code == "DPS008", "a flow is never 'no apiVersion'");
    }

    [Fact]
    public void At_least_twenty_of_kestras_twenty_two_invalid_flows_are_rejected()
    {
        var files = Directory.GetFiles(Corpus("kestra-tests/invalids"));
        var rejected = files.Count(f => !GitOpsRepository.Load(Files.FileTree.Empty.With(Path.GetFileName(f), File.ReadAllText(f))).Validate().IsValid);

        files.Length.ShouldBe(22);
        rejected.ShouldBeGreaterThanOrEqualTo(20);

        // worker-group.yaml is rejected only by Kestra's Enterprise edition (worker groups are an EE feature).
        GitOpsRepository.Load(Files.FileTree.Empty.With("worker-group.yaml", File.ReadAllText(Path.Combine(Corpus("kestra-tests/invalids"), "worker-group.yaml"))))
            .Validate().Errors.ShouldBeEmpty();
    }
}
