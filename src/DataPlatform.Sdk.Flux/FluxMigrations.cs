using System.Text.Json;
using System.Text.Json.Nodes;
using DataPlatform.Sdk.Json;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Yaml;

namespace DataPlatform.Sdk.Flux;

/// <summary>The result of a migration: the migrated object and what changed.</summary>
/// <param name="Object">The migrated object (the same instance when nothing changed).</param>
/// <param name="Changes">One line per change, for logs and review.</param>
public sealed record MigrationResult(IManifest Object, IReadOnlyList<string> Changes)
{
    /// <summary>Whether anything changed.</summary>
    public bool Changed => Changes.Count > 0;
}

/// <summary>
/// Moves objects of older Flux API versions (HelmRelease v2beta1/v2beta2, source v1beta2, Kustomization v1beta2,
/// image v1beta2, notification v1beta1/v1beta2, …) to the versions Flux 2.9 serves, renaming fields that moved.
/// Comments and layout of loaded objects are kept.
/// </summary>
public static class FluxMigrations
{
    /// <summary>Migrates one object; objects already current are returned unchanged.</summary>
    /// <param name="obj">The object.</param>
    /// <returns>The migrated object and the list of changes.</returns>
    public static MigrationResult Migrate(IManifest obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var old = FluxKinds.Deprecated.FirstOrDefault(d => d.ApiVersion == obj.ApiVersion && d.Kind == obj.Kind);
        if (old.ApiVersion is null)
        {
            return new MigrationResult(obj, []);
        }

        var changes = new List<string> { $"apiVersion {obj.ApiVersion} → {old.Replacement}" };
        var json = JsonNode.Parse(ManifestSerializer.ToJsonElement(obj).GetRawText())!.AsObject();
        json["apiVersion"] = old.Replacement;
        var spec = json["spec"] as JsonObject;
        if (spec is not null)
        {
            switch (obj.Kind)
            {
                case "HelmRelease":
                    MigrateHelmRelease(spec, changes);
                    break;
                case "Kustomization":
                    MigrateKustomization(spec, changes);
                    break;
                case "GitRepository":
                    Remove(spec, "gitImplementation", changes, "spec.gitImplementation removed (go-git is the only implementation)");
                    Remove(spec, "accessFrom", changes, "spec.accessFrom removed (not supported by GitRepository v1)");
                    break;
            }
        }

        var migrated = (IManifest)JsonSerializer.Deserialize(json, ManifestJson.TypeInfo(old.Type))!;
        migrated = migrated.Origin.Source is null && obj.Origin.Source is { } source ? WithOrigin(migrated, source) : migrated;
        return new MigrationResult(migrated, changes);
    }

    private static IManifest WithOrigin(IManifest obj, ManifestSource source)
    {
        ManifestOrigins.Attach(obj, source);
        return obj;
    }

    private static void MigrateHelmRelease(JsonObject spec, List<string> changes)
    {
        if (spec["chart"]?["spec"] is JsonObject chartSpec && chartSpec["valuesFile"] is JsonValue valuesFile)
        {
            var files = chartSpec["valuesFiles"] as JsonArray ?? [];
            files.Insert(0, valuesFile.GetValue<string>());
            chartSpec.Remove("valuesFile");
            chartSpec["valuesFiles"] = files;
            changes.Add("spec.chart.spec.valuesFile → spec.chart.spec.valuesFiles");
        }

        Remove(spec, "validation", changes, "spec.validation removed");
        if (spec["postRenderers"] is JsonArray renderers)
        {
            foreach (var r in renderers.OfType<JsonObject>())
            {
                if (r["kustomize"] is JsonObject k)
                {
                    MovePatches(k, changes, "spec.postRenderers[].kustomize");
                }
            }
        }
    }

    private static void MigrateKustomization(JsonObject spec, List<string> changes)
    {
        Remove(spec, "validation", changes, "spec.validation removed (server-side apply validates)");
        MovePatches(spec, changes, "spec");
    }

    private static void MovePatches(JsonObject owner, List<string> changes, string where)
    {
        var patches = owner["patches"] as JsonArray ?? [];
        var moved = false;
        if (owner["patchesStrategicMerge"] is JsonArray sm)
        {
            foreach (var p in sm)
            {
                patches.Add((JsonNode)new JsonObject { ["patch"] = ToYaml(p) });
            }

            owner.Remove("patchesStrategicMerge");
            changes.Add($"{where}.patchesStrategicMerge → {where}.patches");
            moved = true;
        }

        if (owner["patchesJson6902"] is JsonArray j)
        {
            foreach (var p in j.OfType<JsonObject>())
            {
                var entry = new JsonObject { ["patch"] = ToYaml(p["patch"]) };
                if (p["target"] is { } target)
                {
                    entry["target"] = target.DeepClone();
                }

                patches.Add((JsonNode)entry);
            }

            owner.Remove("patchesJson6902");
            changes.Add($"{where}.patchesJson6902 → {where}.patches");
            moved = true;
        }

        if (moved)
        {
            owner["patches"] = patches;
        }
    }

    private static string ToYaml(JsonNode? node)
    {
        var element = JsonSerializer.SerializeToElement(node, ManifestJson.TypeInfo(typeof(JsonNode)));
        return YamlEmitter.Emit(YamlJson.FromJson(element));
    }

    private static void Remove(JsonObject spec, string field, List<string> changes, string note)
    {
        if (spec.Remove(field))
        {
            changes.Add(note);
        }
    }
}
