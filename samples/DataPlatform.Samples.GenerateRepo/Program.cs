using DataPlatform.Samples.GenerateRepo;
using DataPlatform.Sdk.Diagnostics;

// Usage: dotnet run --project samples/DataPlatform.Samples.GenerateRepo -- <output-folder>
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: DataPlatform.Samples.GenerateRepo <output-folder>");
    return 2;
}

var output = args[0];
var description = SampleRepository.Describe();

// Validate the whole repository (every file and the cross-file rules) before anything touches the disk.
var report = description.Validate();
Console.Write(report.ToText());
if (!report.IsValid)
{
    Console.Error.WriteLine($"Not written: {report.Errors.Count()} error(s).");
    return 1;
}

var repository = description.Build();
try
{
    await repository.WriteAsync(output);
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
{
    Console.Error.WriteLine($"Cannot write '{output}': {ex.Message}");
    return 2;
}

Console.WriteLine($"Wrote {repository.Files.Count} files to {Path.GetFullPath(output)}: {report.Errors.Count()} errors, {report.Warnings.Count()} warnings.");
return 0;
