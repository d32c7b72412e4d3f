using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Sops;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// Keeps encrypted files stable across runs: encryption is randomised (fresh data key and IVs), so a re-rendered secret
/// differs byte for byte even when its values did not change. When the file on disk decrypts to the same document,
/// its bytes are kept.
/// </summary>
internal static class EncryptedFiles
{
    public static FileTree KeepUnchanged(FileTree files, string directory, IReadOnlyList<AgeIdentity>? identities = null)
    {
        if (!Directory.Exists(directory))
        {
            return files;
        }

        var result = files;
        foreach (var path in files.Paths)
        {
            var target = Path.Combine(directory, path.Value);
            if (!path.Value.EndsWith(".sops.yaml", StringComparison.Ordinal) || !File.Exists(target))
            {
                continue;
            }

            var fresh = files.ReadText(path);
            if (SopsFile.TryReadMetadata(fresh) is not { } freshMetadata)
            {
                continue;
            }

            if (SafeFiles.Read(target, directory, 16L * 1024 * 1024).Bytes is not { } bytes)
            {
                continue;
            }

            var existing = System.Text.Encoding.UTF8.GetString(bytes);
            try
            {
                identities ??= AgeKeys.FromEnvironment();
                if (identities.Count > 0
                    && SopsFile.TryReadMetadata(existing) is { } existingMetadata
                    && existingMetadata.AgeRecipients.Order(StringComparer.Ordinal).SequenceEqual(freshMetadata.AgeRecipients.Order(StringComparer.Ordinal))
                    && SopsFile.Decrypt(existing, SopsFormat.Yaml, identities) == SopsFile.Decrypt(fresh, SopsFormat.Yaml, identities))
                {
                    result = result.With(path.Value, existing);
                }
            }
            catch (SopsException)
            {
                // Cannot compare (no key, or the old file is damaged): the fresh encryption is written.
            }
        }

        return result;
    }
}
