using System.ComponentModel;
using System.Diagnostics;

namespace DataPlatform.Sdk.Writing;

/// <summary>
/// Reads a blob by id from the git object store of a checkout: the baseline of a three-way merge when the generated
/// version of a file was committed as it was generated. Without git, or outside a checkout, nothing is found and the
/// writer merges two ways.
/// </summary>
internal static class GitBlobs
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>The bytes of a blob, or <see langword="null"/> when git, the checkout or the blob is missing.</summary>
    /// <param name="directory">A directory inside the checkout.</param>
    /// <param name="id">The blob id (40 hex digits, checked: it reaches git as an argument).</param>
    /// <returns>The bytes.</returns>
    public static byte[]? TryRead(string directory, string id)
    {
        if (id.Length != 40 || !id.All(char.IsAsciiHexDigitLower) || !Directory.Exists(directory))
        {
            return null;
        }

        // No shell, arguments as a list; configuration that could run a program (fsmonitor, a pager) is switched off.
        var psi = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = directory,
        };
        foreach (var a in (string[])["-c", "core.fsmonitor=false", "--no-pager", "cat-file", "blob", id])
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        try
        {
            using var git = Process.Start(psi);
            if (git is null)
            {
                return null;
            }

            git.StandardInput.Close();
            _ = git.StandardError.ReadToEndAsync();
            using var output = new MemoryStream();
            var copy = git.StandardOutput.BaseStream.CopyToAsync(output);
            if (!git.WaitForExit(Timeout))
            {
                git.Kill(entireProcessTree: true);
                return null;
            }

            copy.Wait(Timeout);
            var bytes = output.ToArray();
            return git.ExitCode == 0 && GeneratedRecord.BlobId(bytes) == id ? bytes : null;
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException or AggregateException)
        {
            return null;
        }
    }
}
