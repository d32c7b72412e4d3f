using DataPlatform.Sdk.CodeGen;

// Usage: dotnet run --project src/DataPlatform.Sdk.CodeGen -- [flux-reference-folder] [output-folder]
var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
var reference = args.Length > 0 ? args[0] : Path.Combine(root, "reference/flux");
var output = args.Length > 1 ? args[1] : Path.Combine(root, "src/DataPlatform.Sdk.Flux/Generated");
if (!Directory.Exists(reference))
{
    Console.Error.WriteLine($"Flux CRD folder not found: {reference}");
    return 2;
}

Directory.CreateDirectory(output);
var files = FluxModelGenerator.Generate(reference);
foreach (var stale in Directory.GetFiles(output, "*.g.cs"))
{
    if (!files.ContainsKey(Path.GetFileName(stale)))
    {
        File.Delete(stale);
    }
}

foreach (var (name, content) in files)
{
    File.WriteAllText(Path.Combine(output, name), content);
}

Console.WriteLine($"Wrote {files.Count} files to {output}");

// Liquibase: the element table from the changelog XSD.
var xsd = Path.Combine(root, "reference/liquibase/dbchangelog-4.33.xsd");
var liquibaseOutput = Path.Combine(root, "src/DataPlatform.Sdk.Liquibase/Generated");
Directory.CreateDirectory(liquibaseOutput);
File.WriteAllText(Path.Combine(liquibaseOutput, "LiquibaseSchema.g.cs"), LiquibaseSchemaGenerator.Generate(xsd));
File.WriteAllText(Path.Combine(liquibaseOutput, "Changes.g.cs"), LiquibaseSchemaGenerator.GenerateChanges(xsd));
Console.WriteLine($"Wrote {liquibaseOutput}/LiquibaseSchema.g.cs");
return 0;
