using System.Diagnostics;

namespace DataPlatform.Sdk.Tests.Shared;

/// <summary>Runs the real tools the tests check against. A missing tool fails the test loudly; it never skips.</summary>
internal static class RealTools
{
    /// <summary>The trait that marks tests needing real tools, so a developer can skip them locally: --filter "Category!=RealTool".</summary>
    public const string Trait = "RealTool";

    public static (int ExitCode, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"The real tool '{file}' is not installed on this machine ({ex.Message}). Run .ci/run once, or install it, to run this test.", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in time.");
            }

            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    /// <summary>Builds a kustomization directory with the real <c>kubectl kustomize</c>.</summary>
    public static string KubectlKustomize(string directory)
    {
        var (code, stdout, stderr) = Run("kubectl", ["kustomize", directory]);
        code.ShouldBe(0, $"kubectl kustomize {directory} failed:\n{stderr}");
        return stdout;
    }
}
