using BenchmarkDotNet.Running;

// Usage: dotnet run -c Release --project benchmarks/DataPlatform.Sdk.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
