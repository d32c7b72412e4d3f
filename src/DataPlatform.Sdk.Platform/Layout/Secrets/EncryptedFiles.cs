using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Sops;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// Keeps encrypted files stable across runs: encryption is randomised (fresh data key and IVs), so a re-rendered secret
/// differs byte for byte even when its values did not change. When the file on disk decrypts to the same document,
/// its bytes are kept; when recipients were only added, it is re-keyed (metadata only); when one was removed, the fresh
/// encryption (a new data key) is written, which is the rotation that locks the removed key out.
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
                if (identities.Count == 0
                    || SopsFile.TryReadMetadata(existing) is not { } existingMetadata
                    || SopsFile.Decrypt(existing, SopsFormat.Yaml, identities) != SopsFile.Decrypt(fresh, SopsFormat.Yaml, identities))
                {
                    continue;
                }

                var had = existingMetadata.AgeRecipients.Concat(existingMetadata.PgpFingerprints).ToHashSet(StringComparer.Ordinal);
                var wanted = freshMetadata.AgeRecipients.Concat(freshMetadata.PgpFingerprints).ToHashSet(StringComparer.Ordinal);
                if (had.SetEquals(wanted))
                {
                    result = result.With(path.Value, existing);
                }
                else if (had.IsSubsetOf(wanted))
                {
                    // Recipients were only added: re-key (the same data key wrapped for them too, a metadata-only change).
                    // When one was removed, the fresh encryption stays: its new data key is the rotation that locks it out.
                    var keys = new SopsKeyring { Age = identities, PgpPublicKeys = [] };
                    var rekeyed = SopsFile.UpdateKeys(existing, SopsFormat.Yaml, keys, freshMetadata.AgeRecipients.Select(AgeRecipient.Parse), freshMetadata.PgpFingerprints);
                    result = result.With(path.Value, rekeyed.Text);
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
