using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataPlatform.Sdk.Kestra;

/// <summary>Rewrites deprecated names in flows: relocated plugin types, <c>taskDefaults</c>, input <c>name</c>.</summary>
public static class KestraMigrations
{
    /// <summary>
    /// The flow with every relocated plugin type replaced by its current name (tasks at any depth, triggers, trigger
    /// conditions, plugin defaults), <c>taskDefaults</c> merged into <c>pluginDefaults</c> and input <c>name</c>
    /// renamed to <c>id</c>. A flow read from a file keeps its comments and layout when written back.
    /// </summary>
    /// <param name="flow">The flow.</param>
    /// <returns>The migrated flow (the same object when nothing changed).</returns>
    public static KestraFlow Migrate(KestraFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var changed = false;
        var tasks = Tasks(flow.Tasks, ref changed);
        var errors = Tasks(flow.Errors, ref changed);
        var @finally = Tasks(flow.Finally, ref changed);
        var after = Tasks(flow.AfterExecution, ref changed);
        var triggers = flow.Triggers.Select(t => Trigger(t, ref changed)).ToList();
        var defaults = flow.PluginDefaults.Concat(flow.TaskDefaults).Select(d =>
        {
            var name = KestraPlugins.CurrentName(d.Type);
            return name == d.Type ? d : d with { Type = name };
        }).ToList();
        changed |= flow.TaskDefaults.Count > 0 || !defaults.SequenceEqual(flow.PluginDefaults);
        var inputs = flow.Inputs.Select(i => i.Id is null && i.Name is not null ? i with { Id = i.Name, Name = null } : i).ToList();
        changed |= !inputs.SequenceEqual(flow.Inputs);
        return !changed ? flow : flow with
        {
            Tasks = tasks, Errors = errors, Finally = @finally, AfterExecution = after, Triggers = triggers,
            PluginDefaults = defaults, TaskDefaults = [], Inputs = inputs,
        };
    }

    private static List<KestraTask> Tasks(IReadOnlyList<KestraTask>? tasks, ref bool changed)
    {
        var result = new List<KestraTask>();
        foreach (var t in tasks ?? [])
        {
            result.Add(Task(t, ref changed));
        }

        return result;
    }

    private static KestraTask Task(KestraTask task, ref bool changed)
    {
        var name = KestraPlugins.CurrentName(task.Type);
        var local = false;
        var result = name == task.Type ? task : Retype(task, name, ref local);
        result = result switch
        {
            SequentialTask s => s with { Tasks = Tasks(s.Tasks, ref local), Errors = Nullable(s.Errors, ref local), Finally = Nullable(s.Finally, ref local) },
            ParallelTask p => p with { Tasks = Tasks(p.Tasks, ref local), Errors = Nullable(p.Errors, ref local), Finally = Nullable(p.Finally, ref local) },
            IfTask i => i with { Then = Tasks(i.Then, ref local), Else = Nullable(i.Else, ref local), Errors = Nullable(i.Errors, ref local), Finally = Nullable(i.Finally, ref local) },
            ForEachTask f => f with { Tasks = Tasks(f.Tasks, ref local), Errors = Nullable(f.Errors, ref local), Finally = Nullable(f.Finally, ref local) },
            WorkingDirectoryTask w => w with { Tasks = Tasks(w.Tasks, ref local), Errors = Nullable(w.Errors, ref local), Finally = Nullable(w.Finally, ref local) },
            PauseTask p => p with { Tasks = Nullable(p.Tasks, ref local) },
            SwitchTask s => s with { Cases = s.Cases?.ToDictionary(c => c.Key, c => (IReadOnlyList<KestraTask>)Tasks(c.Value, ref local)), Defaults = Nullable(s.Defaults, ref local), Errors = Nullable(s.Errors, ref local), Finally = Nullable(s.Finally, ref local) },
            DagTask d => d with { Tasks = d.Tasks?.Select(e => e with { Task = Task(e.Task, ref local) }).ToList(), Errors = Nullable(d.Errors, ref local), Finally = Nullable(d.Finally, ref local) },
            GenericTask g => MigrateGeneric(g, ref local),
            _ => result,
        };
        changed |= local;
        return local ? result : task;
    }

    private static List<KestraTask>? Nullable(IReadOnlyList<KestraTask>? tasks, ref bool changed) => tasks is null ? null : Tasks(tasks, ref changed);

    private static KestraTask Retype(KestraTask task, string name, ref bool changed)
    {
        changed = true;
        var json = JsonSerializer.SerializeToNode(task, Json.ManifestJson.TypeInfo(task.GetType()))!.AsObject();
        json["type"] = name;
        return (KestraTask)json.Deserialize(Json.ManifestJson.TypeInfo(typeof(KestraTask)))!;
    }

    private static GenericTask MigrateGeneric(GenericTask task, ref bool changed)
    {
        if (task.AdditionalProperties is null)
        {
            return task;
        }

        var local = false;
        var extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (key, value) in task.AdditionalProperties)
        {
            var node = JsonNode.Parse(value.GetRawText());
            RewriteTypes(node, ref local);
            extra[key] = local ? JsonSerializer.SerializeToElement(node, Json.ManifestJson.TypeInfo(typeof(JsonNode))) : value;
        }

        changed |= local;
        return local ? task with { AdditionalProperties = extra } : task;
    }

    private static void RewriteTypes(JsonNode? node, ref bool changed)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["type"] is JsonValue v && v.TryGetValue<string>(out var type) && KestraPlugins.ReplacementOf(type) is { } replacement && o.ContainsKey("id"))
                {
                    o["type"] = replacement;
                    changed = true;
                }

                foreach (var (_, child) in o.ToList())
                {
                    RewriteTypes(child, ref changed);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    RewriteTypes(child, ref changed);
                }

                break;
        }
    }

    private static KestraTrigger Trigger(KestraTrigger trigger, ref bool changed)
    {
        var json = JsonSerializer.SerializeToNode(trigger, Json.ManifestJson.TypeInfo(trigger.GetType()))!.AsObject();
        var local = false;
        if (KestraPlugins.ReplacementOf(trigger.Type) is { } name)
        {
            json["type"] = name;
            local = true;
        }

        foreach (var condition in json["conditions"]?.AsArray() ?? [])
        {
            if (condition?["type"] is JsonValue v && v.TryGetValue<string>(out var type) && KestraPlugins.ReplacementOf(type) is { } replacement)
            {
                condition["type"] = replacement;
                local = true;
            }
        }

        if (!local)
        {
            return trigger;
        }

        changed = true;
        var result = (KestraTrigger)json.Deserialize(Json.ManifestJson.TypeInfo(typeof(KestraTrigger)))!;
        return result;
    }
}
