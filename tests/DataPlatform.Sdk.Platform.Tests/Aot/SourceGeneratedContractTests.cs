using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DataPlatform.Sdk.Kestra;
using DataPlatform.Sdk.Liquibase;
using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Platform.Tests.Aot;

/// <summary>
/// The native tool has no reflection-based serializer: every type the loader reads must have a source-generated
/// contract from its module. Resolving each one through the modules' resolvers alone fails for a type someone added
/// to a registry without adding it to the module's JsonSerializerContext.
/// </summary>
public sealed class SourceGeneratedContractTests
{
    private static readonly JsonSerializerOptions ModulesOnly = new()
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine([.. KindRegistry.Default.Modules.Select(m => m.TypeInfoResolver).OfType<IJsonTypeInfoResolver>()]),
    };

    public static TheoryData<string> RegisteredTypes()
    {
        var types = KindRegistry.Default.Kinds.Select(k => k.ClrType)
            .Concat(KestraPlugins.TaskTypes.Values).Concat(KestraPlugins.TriggerTypes.Values)
            .Concat(LiquibaseChanges.Names.Select(LiquibaseChanges.TypeOf).OfType<Type>())
            .Distinct().Select(t => t.AssemblyQualifiedName!).Order(StringComparer.Ordinal);
        return [.. types];
    }

    [Theory]
    [MemberData(nameof(RegisteredTypes))]
    public void Every_model_type_has_a_source_generated_contract(string typeName)
    {
        var type = Type.GetType(typeName, throwOnError: true)!;
        var info = Should.NotThrow(() => ModulesOnly.GetTypeInfo(type), $"{type.FullName} has no source-generated contract: add [JsonSerializable(typeof({type.Name}))] to its module's context.");
        info.Type.ShouldBe(type);
    }

    [Fact]
    public void The_list_covers_every_module()
    {
        var assemblies = ((IEnumerable<object[]>)RegisteredTypes()).Select(row => Type.GetType((string)row[0])!.Assembly.GetName().Name).Distinct().ToList();
        assemblies.ShouldBe(
            ["DataPlatform.Sdk.Dlt", "DataPlatform.Sdk.Flux", "DataPlatform.Sdk.GitHub", "DataPlatform.Sdk.Kestra", "DataPlatform.Sdk.Kubernetes", "DataPlatform.Sdk.Liquibase", "DataPlatform.Sdk.Sops", "KubernetesClient"],
            ignoreOrder: true);
    }
}

/// <summary>The tool registers its modules explicitly; the list must be what discovery finds in a JIT application.</summary>
public sealed class ExplicitModuleTests
{
    [Fact]
    public void AllModules_is_exactly_what_discovery_finds_in_the_same_order()
    {
        PlatformModule.AllModules().Select(m => m.GetType().FullName).ShouldBe(KindRegistry.Default.Modules.Select(m => m.GetType().FullName));
    }

    [Fact]
    public void UseModules_after_the_registry_is_in_use_says_so()
    {
        _ = KindRegistry.Default;
        Should.Throw<InvalidOperationException>(() => KindRegistry.UseModules(PlatformModule.AllModules())).Message.ShouldContain("call UseModules before");
    }
}
