using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Files of other tools are not mistaken for ours: no false findings in repositories we have not seen.</summary>
public class RecognitionTests
{
    [Fact]
    public void Look_alikes_are_kept_as_other_files_without_findings()
    {
        var tree = FileTree.Empty
            .With("config/app.yaml", "id: app\nnamespace: prod\nlabels:\n  team: a\nvariables:\n  x: 1\n")       // id+namespace, but no flow keys
            .With("db/report.sql", "SELECT * FROM orders;\n")                                                      // plain SQL, not a changelog
            .With("docs/pom.xml", "<project><modelVersion>4.0.0</modelVersion></project>\n")                      // not a changelog
            .With("tools/config.toml", "password = \"not dlt\"\n");                                               // not under .dlt/

        var repo = GitOpsRepository.Load(tree);

        repo.Validate().Diagnostics.ShouldBeEmpty(repo.Validate().ToText());
        repo.Objects.ShouldBeEmpty();
    }
}
