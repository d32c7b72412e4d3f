using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Kubernetes.Kustomize;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Sops;

namespace DataPlatform.Sdk.Platform.Validation;

/// <summary>
/// The files a kustomization's secretGenerators read — <c>envs</c> (dotenv) and <c>files</c> (any format, <c>key=path</c>
/// naming the key) — resolved against the kustomization's folder, with the SOPS format kustomize-controller decrypts
/// them in. Shared by the plaintext (DPR006) and SOPS (DPR014, DPR021) rules.
/// </summary>
internal static class GeneratorFiles
{
    /// <summary>One file a generator reads: where (generator, field, entry, JSON pointer) and what.</summary>
    public sealed record Entry(int Generator, string Name, string Pointer, RepoPath Path, SopsFormat Format);

    public static IEnumerable<Entry> Of(RepositoryObject obj, KustomizationFile kustomization)
    {
        for (var i = 0; i < kustomization.SecretGenerator.Count; i++)
        {
            var generator = kustomization.SecretGenerator[i];
            foreach (var (entry, field, index) in generator.Envs.Select((e, j) => (e, "envs", j)).Concat(generator.Files.Select((f, j) => (f, "files", j))))
            {
                var relative = entry.Contains('=', StringComparison.Ordinal) ? entry[(entry.IndexOf('=', StringComparison.Ordinal) + 1)..] : entry;
                if (Resolve(obj.File.Directory, relative) is { } path)
                {
                    yield return new Entry(i, generator.Name ?? string.Empty, $"/secretGenerator/{i}/{field}/{index}", path, field == "envs" ? SopsFormat.Dotenv : SopsFile.FormatOf(path.Value));
                }
            }
        }
    }

    /// <summary>The path, or <see langword="null"/> when it leaves the repository (kustomize refuses it; another rule says so).</summary>
    private static RepoPath? Resolve(string directory, string relative)
    {
        try
        {
            return RepoPath.Parse(directory.Length == 0 ? relative : directory + "/" + relative);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
