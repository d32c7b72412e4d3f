using DataPlatform.Samples.GenerateRepo;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;

// Usage: dotnet run --project samples/DataPlatform.Samples.GenerateRepo -- <output-folder>
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: DataPlatform.Samples.GenerateRepo <output-folder>");
    return 2;
}

var output = args[0];
var tree = SampleRepository.Build();

// Validate what was built, file by file, from the rendered bytes, before anything touches the disk.
var diagnostics = new List<Diagnostic>();
var objects = 0;
foreach (var path in tree.Paths)
{
    var result = ManifestLoader.Default.Parse(tree.ReadText(path), path.Value);
    diagnostics.AddRange(result.Diagnostics.Diagnostics);
    objects += result.Objects.Count();
}

var report = new ValidationReport(diagnostics);
Console.Write(report.ToText());
if (!report.IsValid)
{
    Console.Error.WriteLine($"Not written: {report.Errors.Count()} error(s).");
    return 1;
}

try
{
    AtomicTreeWriter.Write(output, tree);
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
{
    Console.Error.WriteLine($"Cannot write '{output}': {ex.Message}");
    return 2;
}

Console.WriteLine($"Wrote {tree.Count} files ({objects} objects) to {Path.GetFullPath(output)}: {report.Errors.Count()} errors, {report.Warnings.Count()} warnings.");
return 0;
