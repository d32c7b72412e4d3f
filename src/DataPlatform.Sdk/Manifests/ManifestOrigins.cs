using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace DataPlatform.Sdk.Manifests;

/// <summary>Attaches to objects, and finds again, the file and document they were read from.</summary>
public static class ManifestOrigins
{
    private static readonly ConditionalWeakTable<object, ManifestSource> Table = [];
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> OriginProperties = new();

    /// <summary>Where an object was read from, or <see langword="null"/>.</summary>
    /// <param name="obj">The object.</param>
    /// <returns>The source.</returns>
    public static ManifestSource? Get(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj is IHasOrigin { Origin.Source: { } s })
        {
            return s;
        }

        return Table.TryGetValue(obj, out var source) ? source : null;
    }

    /// <summary>Records where an object was read from.</summary>
    /// <param name="obj">The object.</param>
    /// <param name="source">The source.</param>
    public static void Attach(object obj, ManifestSource source)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(source);
        if (obj is IHasOrigin)
        {
            var property = OriginProperties.GetOrAdd(obj.GetType(), FindOriginProperty);
            if (property?.SetMethod is not null)
            {
                property.SetValue(obj, new ManifestOrigin(source));
                return;
            }
        }

        Table.AddOrUpdate(obj, source);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Models registered as kinds keep their public properties.")]
    private static PropertyInfo? FindOriginProperty(Type type) => type.GetProperty(nameof(IHasOrigin.Origin), BindingFlags.Public | BindingFlags.Instance);
}
