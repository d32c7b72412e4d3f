using System.Globalization;
using BenchmarkDotNet.Running;
using DataPlatform.Sdk.Benchmarks;

// Usage:
//   dotnet run -c Release --project benchmarks/DataPlatform.Sdk.Benchmarks -- --filter '*'
//   dotnet run -c Release --project benchmarks/DataPlatform.Sdk.Benchmarks -- generate-tree <dir> <domains> <objects-per-domain> [--split]
if (args is ["generate-tree", var dir, var domains, var perDomain, .. var rest])
{
    var repo = LargeRepository.Describe(int.Parse(domains, CultureInfo.InvariantCulture), int.Parse(perDomain, CultureInfo.InvariantCulture)).Build();
    if (rest is ["--split"])
    {
        // Half the domains keep one multi-document file, the other half one object per file (as many teams write them).
        var tree = LargeRepository.SplitEveryOtherDomain(repo.Files);
        DataPlatform.Sdk.Files.AtomicTreeWriter.Write(dir, tree);
        Console.WriteLine($"{tree.Count} files written to {dir}");
        return;
    }

    await repo.WriteAsync(dir);
    Console.WriteLine($"{repo.Files.Count} files written to {dir}");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
