using System.Globalization;
using BenchmarkDotNet.Running;
using DataPlatform.Sdk.Benchmarks;

// Usage:
//   dotnet run -c Release --project benchmarks/DataPlatform.Sdk.Benchmarks -- --filter '*'
//   dotnet run -c Release --project benchmarks/DataPlatform.Sdk.Benchmarks -- generate-tree <dir> <domains> <objects-per-domain>
if (args is ["generate-tree", var dir, var domains, var perDomain])
{
    var repo = LargeRepository.Describe(int.Parse(domains, CultureInfo.InvariantCulture), int.Parse(perDomain, CultureInfo.InvariantCulture)).Build();
    await repo.WriteAsync(dir);
    Console.WriteLine($"{repo.Files.Count} files written to {dir}");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
