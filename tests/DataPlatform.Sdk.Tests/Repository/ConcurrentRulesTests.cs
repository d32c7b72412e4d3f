using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Tests.Repository;

/// <summary>Repository rules run concurrently, yet a validation's outcome is the same on every run.</summary>
public class ConcurrentRulesTests
{
    private static readonly DiagnosticDescriptor Finding = new("DPT900", "test finding", DiagnosticSeverity.Warning, "A finding of a test rule.");

    /// <summary>Reports one finding per file, after asking for a shared result.</summary>
    private sealed class PerFileRule(string name, StrongBox<int> computed) : IRepositoryRule
    {
        public IReadOnlyList<DiagnosticDescriptor> Descriptors => [Finding];

        public void Check(RepositoryContext context)
        {
            var paths = context.Shared("test.paths", () =>
            {
                Interlocked.Increment(ref computed.Value);
                Thread.Sleep(20); // Long enough for the other rule to ask meanwhile.
                return context.Repository.Files.Select(f => f.Path).ToList();
            });
            foreach (var path in paths)
            {
                context.Report(Finding, new SourceLocation(path.Value, 1, 1), $"{name} saw {path}");
            }
        }
    }

    private sealed class ExcusingRule : IRepositoryRule
    {
        public IReadOnlyList<DiagnosticDescriptor> Descriptors => [];

        public void Check(RepositoryContext context) => context.Excuse(RepoPath.Parse("b.yaml"), "DPS001");
    }

    private sealed class FailingRule : IRepositoryRule
    {
        public IReadOnlyList<DiagnosticDescriptor> Descriptors => [];

        public void Check(RepositoryContext context) => throw new InvalidOperationException("broken rule");
    }

    private sealed class StrongBox<T>
    {
        public T Value = default!;
    }

    [Fact]
    public void Shared_results_are_computed_once_and_every_report_is_kept_in_the_same_order()
    {
        var tree = Enumerable.Range(0, 50).Aggregate(FileTree.Empty, (t, i) => t.With(RepoPath.Parse($"f{i:D2}.yaml"), $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\n"))
            .With(RepoPath.Parse("b.yaml"), "a: [1\n");
        var repo = GitOpsRepository.Load(tree);
        repo.Validate(new RepositoryValidator([])).Diagnostics.ShouldContain(d => d.Code == "DPS001");

        string? first = null;
        for (var run = 0; run < 10; run++)
        {
            var computed = new StrongBox<int>();
            var validator = new RepositoryValidator([new PerFileRule("one", computed), new ExcusingRule(), new PerFileRule("two", computed), new FailingRule()]);
            var report = repo.Validate(validator);
            computed.Value.ShouldBe(1);
            report.Diagnostics.Count(d => d.Code == "DPT900").ShouldBe(2 * 51);
            report.Diagnostics.ShouldNotContain(d => d.Code == "DPS001"); // Excused by a rule that ran beside the others.
            report.Diagnostics.ShouldContain(d => d.Message.Contains("FailingRule failed", StringComparison.Ordinal) && d.Message.Contains("broken rule", StringComparison.Ordinal));
            var text = string.Join("\n", report.Diagnostics);
            first ??= text;
            text.ShouldBe(first);
        }
    }
}
