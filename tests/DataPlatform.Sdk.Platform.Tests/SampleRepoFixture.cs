using DataPlatform.Samples.GenerateRepo;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Repository;

namespace DataPlatform.Sdk.Platform.Tests;

/// <summary>Writes the sample repository to a temporary directory, lets a test plant a defect, and validates it.</summary>
public sealed class SampleRepo : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("dp-platform-");

    public SampleRepo()
    {
        Root = Path.Combine(_work.FullName, "repo");
        AtomicTreeWriter.Write(Root, SampleRepository.Build(Sdk.Sops.AgeIdentity.Generate().Recipient));
    }

    public string Root { get; }

    public void Dispose() => _work.Delete(recursive: true);

    public string Read(string path) => File.ReadAllText(Full(path));

    public void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Full(path))!);
        File.WriteAllText(Full(path), text);
    }

    public void Replace(string path, string from, string to)
    {
        var text = Read(path);
        text.ShouldContain(from);
        Write(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    /// <summary>The 1-based line of the first line containing <paramref name="marker"/>.</summary>
    public int LineOf(string path, string marker, int occurrence = 1)
    {
        var lines = Read(path).Split('\n');
        var seen = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(marker, StringComparison.Ordinal) && ++seen == occurrence)
            {
                return i + 1;
            }
        }

        throw new InvalidOperationException($"'{marker}' not found in {path}");
    }

    public ValidationReport Validate() => GitOpsRepository.Load(Root).Validate();

    private string Full(string path) => Path.Combine(Root, path.Replace('/', Path.DirectorySeparatorChar));
}
