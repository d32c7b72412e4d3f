using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Validation;

namespace DataPlatform.Sdk.Tests.Repository;

/// <summary>A load lists folders and reads files on several cores at once; what it finds must not depend on that.</summary>
public sealed class RepositoryWalkTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("dp-walk-");

    public void Dispose() => _work.Delete(recursive: true);

    private string Write(string relative, string text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n")
    {
        var path = Path.Combine(_work.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Every_file_below_the_root_is_found_once_in_path_order_whatever_the_number_of_cores()
    {
        var expected = new List<string>();
        var random = new Random(7);
        for (var i = 0; i < 400; i++)
        {
            // Folders of uneven depth and width, so that cores run out of listed work at different moments.
            var depth = random.Next(0, 6);
            var folder = string.Join('/', Enumerable.Range(0, depth).Select(d => $"d{d}-{random.Next(0, 3)}"));
            var name = (folder.Length == 0 ? string.Empty : folder + "/") + $"f{i:D3}" + (i % 7 == 0 ? ".sh" : ".yaml");
            Write(name, i % 7 == 0 ? "echo hi\n" : $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\n");
            expected.Add(name);
        }

        Write(".hidden.yaml");
        expected.Add(".hidden.yaml");
        expected.Sort(StringComparer.Ordinal);
        foreach (var cores in new[] { 1, 2, 4, 16 })
        {
            var loader = new ManifestLoader(KindRegistry.Default, ObjectValidator.Default, ManifestLoaderOptions.Default with { MaxDegreeOfParallelism = cores });
            for (var run = 0; run < 3; run++)
            {
                var repo = GitOpsRepository.Load(_work.FullName, loader);
                var found = repo.Files.Select(f => f.Path.Value).Concat(repo.OtherFiles.Select(p => p.Value)).Order(StringComparer.Ordinal).ToList();
                found.ShouldBe(expected, $"{cores} cores, run {run}");
                repo.Files.Select(f => f.Path.Value).ShouldBe(repo.Files.Select(f => f.Path.Value).Order(StringComparer.Ordinal));
                repo.OtherFiles.Select(p => p.Value).ShouldBe(repo.OtherFiles.Select(p => p.Value).Order(StringComparer.Ordinal));
                repo.OtherFiles.ShouldAllBe(p => p.Value.EndsWith(".sh", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Tool_folders_and_folders_behind_links_are_not_entered()
    {
        Write("apps/cm.yaml");
        foreach (var skipped in new[] { ".git", "node_modules", "bin", "obj", ".terraform", ".dataplatform", ".dataplatform-tmp-1" })
        {
            Write($"{skipped}/cm.yaml");
            Write($"apps/{skipped}/cm.yaml");
        }

        if (!OperatingSystem.IsWindows())
        {
            Directory.CreateSymbolicLink(Path.Combine(_work.FullName, "linked"), Path.Combine(_work.FullName, "apps"));
        }

        var repo = GitOpsRepository.Load(_work.FullName);
        repo.Files.Select(f => f.Path.Value).ShouldBe(["apps/cm.yaml"]);
        repo.OtherFiles.ShouldBeEmpty();
    }

    [Fact]
    public void A_folder_that_vanishes_or_a_root_that_is_a_file_is_reported_as_itself()
    {
        Should.Throw<DirectoryNotFoundException>(() => GitOpsRepository.Load(Path.Combine(_work.FullName, "none")));
        var file = Write("file.yaml");
        Should.Throw<DirectoryNotFoundException>(() => GitOpsRepository.Load(file));
        GitOpsRepository.Load(_work.FullName).Files.Select(f => f.Path.Value).ShouldBe(["file.yaml"]);
    }
}
