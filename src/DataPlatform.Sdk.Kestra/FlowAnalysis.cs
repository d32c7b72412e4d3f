using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DataPlatform.Sdk.Json;

namespace DataPlatform.Sdk.Kestra;

/// <summary>Where in a flow a task sits.</summary>
public enum FlowSection
{
    /// <summary>The main <c>tasks</c>.</summary>
    Tasks,

    /// <summary>The flow's <c>errors</c>.</summary>
    Errors,

    /// <summary>The flow's <c>finally</c>.</summary>
    Finally,

    /// <summary>The flow's <c>afterExecution</c>.</summary>
    AfterExecution,
}

/// <summary>One task of a flow, nested ones included, with its place in the execution.</summary>
public sealed class TaskNode
{
    internal TaskNode(KestraTask task, string pointer, TaskNode? parent, FlowSection section, TaskBranch? branch, int index, int order)
    {
        Task = task;
        Pointer = pointer;
        Parent = parent;
        Section = section;
        Branch = branch;
        Index = index;
        Order = order;
    }

    /// <summary>The task.</summary>
    public KestraTask Task { get; }

    /// <summary>Its JSON pointer in the flow document.</summary>
    public string Pointer { get; }

    /// <summary>The flowable task holding it, or <see langword="null"/> at the top of a section.</summary>
    public TaskNode? Parent { get; }

    /// <summary>The top-level section it is in.</summary>
    public FlowSection Section { get; }

    /// <summary>The branch of <see cref="Parent"/> it is in (<see langword="null"/> at the top of a section).</summary>
    public TaskBranch? Branch { get; }

    /// <summary>Its position in its list.</summary>
    public int Index { get; }

    /// <summary>Its position in document order.</summary>
    public int Order { get; }

    /// <summary>Whether it only runs after a failure or at the end (inside any errors or finally list, or afterExecution).</summary>
    public bool IsHandler => Section != FlowSection.Tasks || (Branch?.Kind is BranchKind.Errors or BranchKind.Finally) || (Parent?.IsHandler ?? false);

    /// <summary>The chain of nodes from the top of the section down to this one.</summary>
    public IReadOnlyList<TaskNode> Chain
    {
        get
        {
            var chain = new List<TaskNode>();
            for (var n = this; n is not null; n = n.Parent)
            {
                chain.Add(n);
            }

            chain.Reverse();
            return chain;
        }
    }
}

/// <summary>A reference found in a string of the flow.</summary>
/// <param name="Reference">What is referenced.</param>
/// <param name="Pointer">The string's JSON pointer.</param>
/// <param name="From">The task whose property holds the string, or <see langword="null"/> for flow-level strings.</param>
/// <param name="Context">What the string is rendered against.</param>
public sealed record FlowReference(PebbleReference Reference, string Pointer, TaskNode? From, ReferenceContext Context);

/// <summary>What a template string is rendered against.</summary>
public enum ReferenceContext
{
    /// <summary>A task of this flow, while it runs.</summary>
    Task,

    /// <summary>Rendered after the tasks (flow outputs) or lazily (variables): any task may be referenced.</summary>
    AnyTime,

    /// <summary>Flow inputs and their defaults: rendered before any task runs.</summary>
    Inputs,

    /// <summary>Rendered against another execution (triggers, Subflow outputs): not checked against this flow.</summary>
    Foreign,
}

/// <summary>A template with a syntax problem.</summary>
/// <param name="Pointer">The string's JSON pointer.</param>
/// <param name="Problem">What is wrong.</param>
public sealed record TemplateProblem(string Pointer, string Problem);

/// <summary>
/// The structure of a flow as Kestra runs it: every task with its place, the references of every template string
/// and the secrets used. Computed once per flow object.
/// </summary>
public sealed class FlowAnalysis
{
    private static readonly ConditionalWeakTable<KestraFlow, FlowAnalysis> Cache = [];
    private readonly List<TaskNode> _nodes = [];
    private readonly List<FlowReference> _references = [];
    private readonly List<TemplateProblem> _problems = [];

    private FlowAnalysis(KestraFlow flow)
    {
        Flow = flow;
        Walk(flow.Tasks, "/tasks", null, FlowSection.Tasks, null);
        Walk(flow.Errors, "/errors", null, FlowSection.Errors, null);
        Walk(flow.Finally, "/finally", null, FlowSection.Finally, null);
        Walk(flow.AfterExecution, "/afterExecution", null, FlowSection.AfterExecution, null);
        foreach (var node in _nodes)
        {
            ScanTask(node);
        }

        var flowJson = JsonSerializer.SerializeToElement(flow, ManifestJson.TypeInfo(typeof(KestraFlow)));
        foreach (var p in flowJson.EnumerateObject())
        {
            var context = p.Name switch
            {
                "tasks" or "errors" or "finally" or "afterExecution" or "description" => (ReferenceContext?)null,
                "triggers" => ReferenceContext.Foreign,
                "inputs" => ReferenceContext.Inputs,
                _ => ReferenceContext.AnyTime,
            };
            if (context is { } c)
            {
                ScanStrings(p.Value, "/" + YamlJson.EscapePointer(p.Name), null, c);
            }
        }
    }

    /// <summary>The flow.</summary>
    public KestraFlow Flow { get; }

    /// <summary>Every task, nested ones included, in document order.</summary>
    public IReadOnlyList<TaskNode> Tasks => _nodes;

    /// <summary>The references found in template strings.</summary>
    public IReadOnlyList<FlowReference> References => _references;

    /// <summary>Template syntax problems.</summary>
    public IReadOnlyList<TemplateProblem> TemplateProblems => _problems;

    /// <summary>The secrets the flow reads (<c>{{ secret('NAME') }}</c>), in order of first use, each once.</summary>
    public IReadOnlyList<string> Secrets => [.. _references.Where(r => r.Reference.Kind == PebbleReferenceKind.Secret).Select(r => r.Reference.Name).Distinct(StringComparer.Ordinal)];

    /// <summary>The analysis of a flow (cached per object).</summary>
    /// <param name="flow">The flow.</param>
    /// <returns>The analysis.</returns>
    public static FlowAnalysis Of(KestraFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return Cache.GetValue(flow, static f => new FlowAnalysis(f));
    }

    /// <summary>The node of a task id (generated ids such as ForEachItem's <c>_merge</c> lead to their task).</summary>
    /// <param name="id">The id.</param>
    /// <returns>The node, or <see langword="null"/>.</returns>
    public TaskNode? Find(string id) =>
        _nodes.FirstOrDefault(n => n.Task.Id == id) ?? _nodes.FirstOrDefault(n => n.Task.GeneratedTaskIds.Contains(id, StringComparer.Ordinal));

    private void Walk(IReadOnlyList<KestraTask> tasks, string pointer, TaskNode? parent, FlowSection section, TaskBranch? branch)
    {
        for (var i = 0; i < tasks.Count; i++)
        {
            var p = branch is null ? pointer + "/" + i.ToString(CultureInfo.InvariantCulture) : pointer + branch.Tasks[i].Pointer;
            var node = new TaskNode(tasks[i], p, parent, section, branch, i, _nodes.Count);
            _nodes.Add(node);
            foreach (var b in SafeBranches(tasks[i]))
            {
                Walk([.. b.Tasks.Select(t => t.Task)], p, node, section, b);
            }
        }
    }

    private static List<TaskBranch> SafeBranches(KestraTask task) => [.. task.Branches().Where(b => b.Tasks.Count > 0)];

    private void ScanTask(TaskNode node)
    {
        var json = JsonSerializer.SerializeToElement(node.Task, ManifestJson.TypeInfo(node.Task.GetType()));
        var branchRoots = SafeBranches(node.Task).Select(b => b.Name.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
        if (node.Task is DagTask)
        {
            branchRoots.Add("tasks");
        }

        foreach (var p in json.EnumerateObject())
        {
            if (branchRoots.Contains(p.Name) || p.Name is "id" or "type" or "description")
            {
                continue;
            }

            var context = node.Task.ForeignContextProperties.Contains(p.Name) ? ReferenceContext.Foreign : ReferenceContext.Task;
            ScanStrings(p.Value, node.Pointer + "/" + YamlJson.EscapePointer(p.Name), node, context);
        }
    }

    /// <summary>Whether a pointer names one input, output or trigger of the flow (whose description is not rendered).</summary>
    private static bool IsDeclaration(string pointer)
    {
        var parts = pointer.Split('/');
        return parts.Length == 3 && parts[1] is "inputs" or "outputs" or "triggers" && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    private void ScanStrings(JsonElement value, string pointer, TaskNode? from, ReferenceContext context)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (!Pebble.IsTemplate(text))
                {
                    return;
                }

                var scan = Pebble.Scan(text);
                foreach (var problem in scan.Problems)
                {
                    _problems.Add(new(pointer, problem));
                }

                foreach (var reference in scan.References)
                {
                    _references.Add(new(reference, pointer, from, context));
                }

                return;
            case JsonValueKind.Object:
                var describes = from is null && IsDeclaration(pointer);
                foreach (var p in value.EnumerateObject())
                {
                    if (describes && p.Name == "description")
                    {
                        continue; // Descriptions are Markdown shown in the UI, never rendered by Pebble.
                    }

                    ScanStrings(p.Value, pointer + "/" + YamlJson.EscapePointer(p.Name), from, context);
                }

                return;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    ScanStrings(item, pointer + "/" + i.ToString(CultureInfo.InvariantCulture), from, context);
                    i++;
                }

                return;
        }
    }
}
