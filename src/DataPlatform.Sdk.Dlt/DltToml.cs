using Tomlyn.Model;
using Tomlyn.Serialization;

namespace DataPlatform.Sdk.Dlt;

/// <summary>Tomlyn's source-generated contracts for the TOML model dlt files are read into (no reflection: Native AOT safe).</summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class DltToml : TomlSerializerContext;
