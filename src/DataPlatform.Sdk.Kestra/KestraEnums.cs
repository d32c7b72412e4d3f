namespace DataPlatform.Sdk.Kestra;

/// <summary>The types of Kestra inputs and flow outputs (written upper-case: <c>DATE</c>, <c>MULTISELECT</c>).</summary>
public enum KestraValueType
{
    /// <summary>STRING.</summary>
    String,

    /// <summary>INT.</summary>
    Int,

    /// <summary>FLOAT.</summary>
    Float,

    /// <summary>BOOLEAN.</summary>
    Boolean,

    /// <summary>DATETIME.</summary>
    DateTime,

    /// <summary>DATE.</summary>
    Date,

    /// <summary>TIME.</summary>
    Time,

    /// <summary>DURATION.</summary>
    Duration,

    /// <summary>FILE.</summary>
    File,

    /// <summary>JSON.</summary>
    Json,

    /// <summary>YAML.</summary>
    Yaml,

    /// <summary>URI.</summary>
    Uri,

    /// <summary>EMAIL.</summary>
    Email,

    /// <summary>SECRET.</summary>
    Secret,

    /// <summary>ARRAY.</summary>
    Array,

    /// <summary>SELECT.</summary>
    Select,

    /// <summary>MULTISELECT.</summary>
    MultiSelect,
}

/// <summary>Log levels of a Log task.</summary>
public enum KestraLogLevel
{
    /// <summary>TRACE.</summary>
    Trace,

    /// <summary>DEBUG.</summary>
    Debug,

    /// <summary>INFO (Kestra's default).</summary>
    Info,

    /// <summary>WARN.</summary>
    Warn,

    /// <summary>ERROR.</summary>
    Error,
}

/// <summary>What Kestra does with an execution beyond a flow's concurrency limit.</summary>
public enum ConcurrencyBehavior
{
    /// <summary>QUEUE: wait for a slot.</summary>
    Queue,

    /// <summary>CANCEL: cancel the new execution.</summary>
    Cancel,

    /// <summary>FAIL: fail the new execution.</summary>
    Fail,
}

/// <summary>The states an execution ends in, which a Flow trigger can wait for.</summary>
public enum KestraExecutionState
{
    /// <summary>SUCCESS.</summary>
    Success,

    /// <summary>WARNING.</summary>
    Warning,

    /// <summary>FAILED.</summary>
    Failed,

    /// <summary>KILLED.</summary>
    Killed,

    /// <summary>CANCELLED.</summary>
    Cancelled,

    /// <summary>SKIPPED.</summary>
    Skipped,
}

/// <summary>How the enums are written in a flow.</summary>
internal static class KestraEnumText
{
    public static string Text<T>(T value)
        where T : struct, Enum =>
        Enum.IsDefined(value) ? value.ToString().ToUpperInvariant() : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a {typeof(T).Name}.");
}
