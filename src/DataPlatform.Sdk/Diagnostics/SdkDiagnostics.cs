namespace DataPlatform.Sdk.Diagnostics;

/// <summary>Diagnostics of the object engine (<c>DPS</c>: serialization and structure).</summary>
public static class SdkDiagnostics
{
    /// <summary>DPS001: the file is not valid YAML or JSON.</summary>
    public static readonly DiagnosticDescriptor SyntaxError = new(
        "DPS001", "Malformed YAML or JSON", DiagnosticSeverity.Error,
        "Fix the syntax at the position given; YAML forbids tabs for indentation and needs consistent indentation.");

    /// <summary>DPS002: a mapping has the same key twice.</summary>
    public static readonly DiagnosticDescriptor DuplicateKey = new(
        "DPS002", "Duplicate key", DiagnosticSeverity.Error,
        "Remove one of the two keys; Kubernetes rejects duplicate keys and other tools silently keep only the last.");

    /// <summary>DPS003: the file is not valid UTF-8.</summary>
    public static readonly DiagnosticDescriptor InvalidEncoding = new(
        "DPS003", "Invalid UTF-8", DiagnosticSeverity.Error, "Save the file as UTF-8.");

    /// <summary>DPS004: the file is larger than the configured limit.</summary>
    public static readonly DiagnosticDescriptor FileTooLarge = new(
        "DPS004", "File too large", DiagnosticSeverity.Error,
        "Split the file, or raise ManifestReaderOptions.MaxFileBytes if it is really meant to be this large.");

    /// <summary>DPS005: nesting is deeper than the configured limit.</summary>
    public static readonly DiagnosticDescriptor NestingTooDeep = new(
        "DPS005", "Nesting too deep", DiagnosticSeverity.Error,
        "Flatten the document; no Kubernetes object needs this depth.");

    /// <summary>DPS006: aliases expand to more nodes than allowed (a "billion laughs" document).</summary>
    public static readonly DiagnosticDescriptor AliasExpansion = new(
        "DPS006", "Alias expansion limit exceeded", DiagnosticSeverity.Error,
        "Replace the nested aliases with plain content; the document expands to an unreasonable size.");

    /// <summary>DPS007: a document is not a mapping.</summary>
    public static readonly DiagnosticDescriptor NotAnObject = new(
        "DPS007", "Document is not an object", DiagnosticSeverity.Error,
        "A manifest document must be a mapping with apiVersion, kind and metadata; split lists into documents separated by '---'.");

    /// <summary>DPS008: apiVersion or kind is missing.</summary>
    public static readonly DiagnosticDescriptor MissingTypeInfo = new(
        "DPS008", "Missing apiVersion or kind", DiagnosticSeverity.Error,
        "Add apiVersion and kind, for example 'apiVersion: v1' and 'kind: ConfigMap'.");

    /// <summary>DPS009: the apiVersion/kind pair is not registered; the object is kept as a generic object.</summary>
    public static readonly DiagnosticDescriptor UnknownKind = new(
        "DPS009", "Unknown kind", DiagnosticSeverity.Warning,
        "Check the spelling of apiVersion and kind, or register a CLR type for it with KindRegistry.Register.");

    /// <summary>DPS010: a field is not part of the object's schema.</summary>
    public static readonly DiagnosticDescriptor UnknownField = new(
        "DPS010", "Unknown field", DiagnosticSeverity.Error,
        "Remove the field or fix its spelling; the API server rejects unknown fields (kubectl --validate=strict).");

    /// <summary>DPS011: a value has the wrong type.</summary>
    public static readonly DiagnosticDescriptor WrongType = new(
        "DPS011", "Wrong value type", DiagnosticSeverity.Error,
        "Use the type the schema expects; quote numbers and booleans meant as strings.");

    /// <summary>DPS012: a required field is missing.</summary>
    public static readonly DiagnosticDescriptor RequiredField = new(
        "DPS012", "Required field missing", DiagnosticSeverity.Error, "Add the field.");

    /// <summary>DPS013: a value is not one of the allowed values.</summary>
    public static readonly DiagnosticDescriptor NotAllowedValue = new(
        "DPS013", "Value not allowed", DiagnosticSeverity.Error, "Use one of the allowed values listed in the message.");

    /// <summary>DPS014: a string does not match the required pattern.</summary>
    public static readonly DiagnosticDescriptor PatternMismatch = new(
        "DPS014", "Value does not match pattern", DiagnosticSeverity.Error, "Change the value so it matches the pattern.");

    /// <summary>DPS015: a value, string or list is out of its allowed length or range.</summary>
    public static readonly DiagnosticDescriptor OutOfRange = new(
        "DPS015", "Value out of range", DiagnosticSeverity.Error, "Keep the value within the limits given.");

    /// <summary>DPS016: a YAML feature that has no JSON equivalent (complex keys, .inf/.nan).</summary>
    public static readonly DiagnosticDescriptor UnsupportedYaml = new(
        "DPS016", "YAML construct without a JSON equivalent", DiagnosticSeverity.Warning,
        "Kubernetes converts YAML to JSON; use plain string keys and quote special floats such as .inf.");

    /// <summary>DPS017: the file starts with a UTF-8 byte order mark.</summary>
    public static readonly DiagnosticDescriptor ByteOrderMark = new(
        "DPS017", "Byte order mark", DiagnosticSeverity.Info, "Save the file as UTF-8 without BOM; the formatter removes it.");

    /// <summary>DPS018: the file uses CRLF line endings.</summary>
    public static readonly DiagnosticDescriptor CrLf = new(
        "DPS018", "CRLF line endings", DiagnosticSeverity.Info, "Use LF line endings; the formatter converts them.");

    /// <summary>DPS019: the object could not be converted to its typed model.</summary>
    public static readonly DiagnosticDescriptor ConversionFailed = new(
        "DPS019", "Object could not be read into its model", DiagnosticSeverity.Error,
        "Fix the value at the position given; the object is kept as a generic object meanwhile.");

    /// <summary>DPS022: a file that is not read (a link out of the repository, a FIFO or device, a name that cannot be opened).</summary>
    public static readonly DiagnosticDescriptor FileSkipped = new(
        "DPS022", "File not read", DiagnosticSeverity.Warning,
        "Make it a regular file inside the repository with a UTF-8 name, or remove it; it is skipped so that nothing outside the repository is read and nothing blocks.");

    /// <summary>DPS023: a file name that cannot be checked out on every operating system.</summary>
    public static readonly DiagnosticDescriptor NonPortableName = new(
        "DPS023", "File name not portable", DiagnosticSeverity.Warning,
        "Rename the file: Windows checkouts cannot hold it (forbidden characters such as ':' or '?', reserved names such as CON, a trailing dot or space).");

    /// <summary>DPS020: an object name or namespace is not a valid DNS-1123 name.</summary>
    public static readonly DiagnosticDescriptor InvalidName = new(
        "DPS020", "Invalid object name", DiagnosticSeverity.Error,
        "Use lower-case letters, digits and '-', starting and ending with a letter or digit (DNS-1123).");

    /// <summary>All descriptors of this package.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
    [
        SyntaxError, DuplicateKey, InvalidEncoding, FileTooLarge, NestingTooDeep, AliasExpansion, NotAnObject,
        MissingTypeInfo, UnknownKind, UnknownField, WrongType, RequiredField, NotAllowedValue, PatternMismatch,
        OutOfRange, UnsupportedYaml, ByteOrderMark, CrLf, ConversionFailed, InvalidName, FileSkipped, NonPortableName,
    ];
}
