using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using DataPlatform.Sdk.Platform.Layout;
using DataPlatform.Sdk.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DataPlatform.Samples.Tests;

/// <summary>The README's C# examples compile against the SDK, and the in-place editing one runs as written.</summary>
public sealed partial class ReadmeTests : IDisposable
{
    // What a user's project has: implicit usings, plus the SDK's namespaces (blocks name the ones they need too).
    private const string Prelude = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Threading.Tasks;
        global using DataPlatform.Sdk.Diagnostics;
        global using DataPlatform.Sdk.Files;
        global using DataPlatform.Sdk.Flux;
        global using DataPlatform.Sdk.Kestra;
        global using DataPlatform.Sdk.Liquibase;
        global using DataPlatform.Sdk.Manifests;
        global using DataPlatform.Sdk.Platform.Layout;
        global using DataPlatform.Sdk.Repository;
        global using DataPlatform.Sdk.Sops;
        global using DataPlatform.Sdk.Validation;
        global using DataPlatform.Sdk.Testing;
        """;

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("dp-readme-");

    public void Dispose() => _work.Delete(recursive: true);

    public static TheoryData<int> Blocks() => [.. Enumerable.Range(0, CSharpBlocks().Count)];

    /// <summary>The C# blocks of the README and of every package's README (what nuget.org shows).</summary>
    private static List<(string Line, string Code)> CSharpBlocks()
    {
        var files = new[] { Path.Combine(TestPaths.RepoRoot, "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "src"), "README.md", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        return [.. files.SelectMany(file =>
        {
            var text = File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal);
            var name = Path.GetRelativePath(TestPaths.RepoRoot, file).Replace('\\', '/');
            return Fence().Matches(text).Select(m => ($"{name}:{1 + text[..m.Index].Count(c => c == '\n')}", m.Groups[1].Value));
        })];
    }

    [GeneratedRegex("```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Every_csharp_block_compiles(int index)
    {
        var (line, code) = CSharpBlocks()[index];

        var errors = Compile(code).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        errors.ShouldBeEmpty($"{line}:\n{string.Join("\n", errors)}\n{code}");
    }

    [Fact]
    public async Task The_in_place_editing_example_runs_as_written()
    {
        var checkout = Path.Combine(_work.FullName, "data-platform-gitops");
        await DataPlatformRepository.Example().Build().WriteAsync(checkout);
        var release = Path.Combine(checkout, "infrastructure/base/observability/loki/release.yaml");
        File.WriteAllText(release, "# Loki: kept by hand\n" + File.ReadAllText(release));
        var (_, block) = CSharpBlocks().Single(b => b.Code.Contains("var checkout = \"data-platform-gitops\";", StringComparison.Ordinal));

        // The block exactly as written, pointed at the checkout made above.
        var code = block.Replace("\"data-platform-gitops\"", SymbolDisplay.FormatLiteral(checkout, quote: true), StringComparison.Ordinal);
        var output = await Run(code);

        output.ShouldContain("changed infrastructure/base/observability/loki/release.yaml");
        output.ShouldContain("+   interval: 1h");
        File.ReadAllText(release).ShouldStartWith("# Loki: kept by hand\n");
        File.ReadAllText(release).ShouldContain("interval: 1h");
        (await DataPlatformRepository.LoadAsync(checkout)).Plan().IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void The_layout_listed_in_the_readme_is_what_the_example_writes()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = readme.IndexOf("```text\n.github/workflows/", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, "the README lists the example's folders in a text block");
        start += "```text\n".Length;
        var listed = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        var written = DataPlatformRepository.Example().Build().Files.Paths.Select(p => p.Value).Where(p => p.Contains('/', StringComparison.Ordinal))
            .Select(p => string.Join('/', p.Split('/')[..^1].Take(3)) + "/").Distinct().Order(StringComparer.Ordinal);

        listed.ShouldBe(string.Join("\n", written) + "\n");
    }

    private static CSharpCompilation Compile(string code)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).Select(g => g.First())
            .Where(IsAssembly)
            .Select(p => MetadataReference.CreateFromFile(p));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        return CSharpCompilation.Create(
            "ReadmeBlock" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(Prelude, parse), CSharpSyntaxTree.ParseText(code, parse)],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
    }

    private static bool IsAssembly(string path)
    {
        try
        {
            _ = AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>Compiles and runs a block (its Main), capturing what it writes to the console.</summary>
    private static async Task<string> Run(string code)
    {
        using var image = new MemoryStream();
        var emit = Compile(code).Emit(image);
        emit.Success.ShouldBeTrue(string.Join("\n", emit.Diagnostics));
        image.Position = 0;
        var context = new AssemblyLoadContext("readme", isCollectible: true);
        try
        {
            var entry = context.LoadFromStream(image).EntryPoint!;
            var original = Console.Out;
            using var output = new StringWriter();
            Console.SetOut(output);
            try
            {
                var result = entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
                if (result is Task task)
                {
                    await task;
                }
            }
            finally
            {
                Console.SetOut(original);
            }

            return output.ToString();
        }
        finally
        {
            context.Unload();
        }
    }
}
