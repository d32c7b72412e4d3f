using System.Diagnostics;

namespace DataPlatform.Sdk.Tests.Shared;

/// <summary>Runs the real tools the tests check against. A missing tool fails the test loudly; it never skips.</summary>
internal static class RealTools
{
    /// <summary>The trait that marks tests needing real tools, so a developer can skip them locally: --filter "Category!=RealTool".</summary>
    public const string Trait = "RealTool";

    public static (int ExitCode, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, string? workingDirectory = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

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

    /// <summary>Where npm tools are installed (gitignored); .ci/run fills it, and <see cref="NpmPackage"/> on first use.</summary>
    public static string ToolsDirectory => Environment.GetEnvironmentVariable("DP_TOOLS_DIR") is { Length: > 0 } d ? d : Path.Combine(TestPaths.RepoRoot, ".ci", "tools");

    private static readonly object InstallLock = new();

    /// <summary>
    /// The directory of an npm package in <see cref="ToolsDirectory"/>, installing that exact version first when it is
    /// missing (one install at a time across test projects, through a lock file). Fails loudly when npm cannot install it.
    /// </summary>
    public static string NpmPackage(string name, string version)
    {
        var dir = Path.Combine(ToolsDirectory, "node_modules", name);
        lock (InstallLock)
        {
            if (Directory.Exists(dir))
            {
                return dir;
            }

            Directory.CreateDirectory(ToolsDirectory);
            using var fileLock = AcquireFileLock(Path.Combine(ToolsDirectory, ".install.lock"));
            if (!Directory.Exists(dir))
            {
                var (code, stdout, stderr) = Run("npm", ["install", "--prefix", ToolsDirectory, "--no-audit", "--no-fund", $"{name}@{version}"], timeout: TimeSpan.FromMinutes(10));
                code.ShouldBe(0, $"npm could not install {name}@{version} (needed by this test):\n{stdout}\n{stderr}");
            }
        }

        return dir;
    }

    /// <summary>A command from Debian's packages, installed with apt-get when missing and running as root; else a loud failure.</summary>
    public static string DebianCommand(string command, string package)
    {
        lock (InstallLock)
        {
            if (Which(command) is { } found)
            {
                return found;
            }

            if (Environment.UserName == "root")
            {
                using var fileLock = AcquireFileLock(Path.Combine(Path.GetTempPath(), "dataplatform-apt.lock"));
                if (Which(command) is null)
                {
                    Run("apt-get", ["install", "-y", "-qq", package], timeout: TimeSpan.FromMinutes(10));
                }
            }

            return Which(command) ?? throw new InvalidOperationException($"The real tool '{command}' is missing: install Debian's '{package}' package (apt-get install {package}), or run .ci/run once.");
        }
    }

    private static string? Which(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, command)).FirstOrDefault(File.Exists);

    private static FileStream AcquireFileLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
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
