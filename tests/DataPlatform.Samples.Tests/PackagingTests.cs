using System.IO.Compression;
using System.Reflection.Metadata;
using System.Xml.Linq;
using DataPlatform.Sdk.Tests.Shared;

namespace DataPlatform.Samples.Tests;

/// <summary>
/// The packages as a consumer gets them: packed from this repository, installed from a local folder feed into a new
/// console app and a new xunit project (with a package folder of their own, so nothing stale is served from a cache),
/// built; every package carries its README, icon, repository URL, preview version, and SourceLink to the public address.
/// </summary>
public sealed class PackagingTests : IDisposable
{
    private const string PublicAddress = "https://github.com/dataplatform-sdk/dataplatform-sdk";
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("dp-pack-");

    public void Dispose() => _work.Delete(recursive: true);

    private (int Code, string Out) Dotnet(string workingDirectory, params string[] args)
    {
        var env = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(_work.FullName, "packages"),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        var (code, stdout, stderr) = RealTools.Run("dotnet", args, workingDirectory, TimeSpan.FromMinutes(8), env);
        return (code, stdout + stderr);
    }

    /// <summary>
    /// Packing happens in a copy of the working tree (its uncommitted changes and its <c>.git</c>, for SourceLink's
    /// commit): a restore in the repository itself would rewrite every project's <c>obj/project.assets.json</c> to
    /// point at this test's private package folder, which is deleted afterwards, while the same <c>dotnet test</c>
    /// run is still building other projects from those files.
    /// </summary>
    private static string CopyWorkingTree(string from, string to)
    {
        string[] skipped = ["bin", "obj", "TestResults", "node_modules", "BenchmarkDotNet.Artifacts"];
        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(directory);
            var isCiTools = name == "tools" && Path.GetFileName(from) == ".ci";
            if (!skipped.Contains(name, StringComparer.Ordinal) && !isCiTools)
            {
                CopyWorkingTree(directory, Path.Combine(to, name));
            }
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        return to;
    }

    [Fact]
    [Trait("Category", RealTools.Trait)]
    public void Packed_packages_install_from_a_folder_feed_into_a_console_app_and_an_xunit_project()
    {
        var feed = Path.Combine(_work.FullName, "feed");
        var source = CopyWorkingTree(TestPaths.RepoRoot, Path.Combine(_work.FullName, "source"));
        var (packed, packLog) = Dotnet(source, "pack", "DataPlatform.Sdk.sln", "-c", "Release", "-o", feed, "-p:ContinuousIntegrationBuild=true");
        packed.ShouldBe(0, packLog);
        foreach (var assets in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "src"), "project.assets.json", SearchOption.AllDirectories))
        {
            File.ReadAllText(assets).ShouldNotContain(_work.FullName, customMessage: "packing must leave the repository's own restore alone");
        }

        var packages = Directory.GetFiles(feed, "*.nupkg");
        packages.Length.ShouldBeGreaterThanOrEqualTo(11, string.Join(", ", packages.Select(Path.GetFileName)));
        foreach (var package in packages)
        {
            using var zip = ZipFile.OpenRead(package);
            var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            XNamespace ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            var id = metadata.Element(ns + "id")!.Value;
            metadata.Element(ns + "version")!.Value.ShouldContain("-preview", customMessage: id);
            metadata.Element(ns + "readme")!.Value.ShouldBe("README.md", id);
            metadata.Element(ns + "icon")!.Value.ShouldBe("icon.png", id);
            metadata.Element(ns + "repository")!.Attribute("url")!.Value.ShouldBe(PublicAddress, id);
            metadata.Element(ns + "repository")!.Attribute("commit")!.Value.Length.ShouldBe(40, id);
            zip.Entries.ShouldContain(e => e.FullName == "README.md", id);
            new StreamReader(zip.GetEntry("README.md")!.Open()).ReadToEnd().ShouldStartWith("# " + id + "\n", customMessage: "its own README, not the repository's");
        }

        using (var pointer = ZipFile.OpenRead(Directory.GetFiles(feed, "DataPlatform.Sdk.Cli.0*.nupkg").Single()))
        {
            // A RID-specific tool: the package `dotnet tool install` finds first only names the packages that run.
            pointer.Entries.ShouldNotContain(e => e.FullName.EndsWith(".dll", StringComparison.Ordinal), "the pointer package carries no code");
            var settings = XDocument.Load(pointer.Entries.Single(e => e.FullName.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal)).Open());
            settings.Descendants("RuntimeIdentifierPackage").Select(e => (string?)e.Attribute("RuntimeIdentifier")).ShouldBe(["linux-x64", "any"], ignoreOrder: true);
        }

        using (var symbols = ZipFile.OpenRead(Path.Combine(feed, Directory.GetFiles(feed, "DataPlatform.Sdk.0*.snupkg").Single())))
        {
            using var pdb = new MemoryStream();
            symbols.Entries.Single(e => e.FullName.EndsWith("DataPlatform.Sdk.pdb", StringComparison.Ordinal)).Open().CopyTo(pdb);
            pdb.Position = 0;
            using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
            var reader = provider.GetMetadataReader();
            var sourceLink = reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition).Select(reader.GetCustomDebugInformation)
                .Single(c => reader.GetGuid(c.Kind) == new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A"));
            System.Text.Encoding.UTF8.GetString(reader.GetBlobBytes(sourceLink.Value)).ShouldContain("https://raw.githubusercontent.com/dataplatform-sdk/dataplatform-sdk/");
        }

        var version = Path.GetFileNameWithoutExtension(Directory.GetFiles(feed, "DataPlatform.Sdk.Platform.*.nupkg").Single())["DataPlatform.Sdk.Platform.".Length..];
        var config = $"""<?xml version="1.0" encoding="utf-8"?><configuration><packageSources><add key="local" value="{feed}" /></packageSources></configuration>""";

        var app = Directory.CreateDirectory(Path.Combine(_work.FullName, "app")).FullName;
        File.WriteAllText(Path.Combine(app, "nuget.config"), config);
        File.WriteAllText(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup><PackageReference Include="DataPlatform.Sdk.Platform" Version="{version}" /></ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using DataPlatform.Sdk.Platform.Layout;
            var repo = DataPlatformRepository.Example().Build();
            Console.WriteLine(repo.Validate().IsValid ? "valid" : "invalid");
            """);
        var (built, buildLog) = Dotnet(app, "run");
        built.ShouldBe(0, buildLog);
        buildLog.ShouldContain("valid");

        var tests = Directory.CreateDirectory(Path.Combine(_work.FullName, "tests")).FullName;
        File.WriteAllText(Path.Combine(tests, "nuget.config"), config);
        File.WriteAllText(Path.Combine(tests, "tests.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings><IsTestProject>true</IsTestProject></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="DataPlatform.Sdk.Testing" Version="{version}" />
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />
                <PackageReference Include="xunit" Version="2.9.3" />
                <PackageReference Include="xunit.runner.visualstudio" Version="4.0.1" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(tests, "LayoutTests.cs"), """
            using DataPlatform.Sdk.Platform.Layout;
            using DataPlatform.Sdk.Testing;
            using Xunit;

            public class LayoutTests
            {
                [Fact]
                public void Kestra_is_pinned() =>
                    DataPlatformRepository.Example().Build().Model.HasNoErrors().Single("HelmRelease", "kestra").HasField("/spec/chart/spec/version", "0.21.3");
            }
            """);
        var (tested, testLog) = Dotnet(tests, "test");
        tested.ShouldBe(0, testLog);
    }
}
