namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// The tenant operator of the standard profile, Capsule, at a pinned chart version: its namespace and HelmRelease in
/// <c>tenants/base/tenant-operator/</c>, applied by a Flux Kustomization of its own that waits for the release (its
/// CRDs) before the tenants' Kustomization, which depends on it, applies any <c>Tenant</c>.
/// </summary>
internal static class TenantOperator
{
    public const string Folder = "tenants/base/tenant-operator";

    public const string FluxName = "tenant-operator";

    /// <summary>Capsule's chart (OCI, from the project's own registry), pinned; its CRDs created and updated with the release.</summary>
    public static ChartComponent Chart { get; } = new("capsule", "capsule-system", "projectcapsule", "oci://ghcr.io/projectcapsule/charts", "capsule", "0.10.9",
        new System.Text.Json.Nodes.JsonObject
        {
            ["crds"] = new System.Text.Json.Nodes.JsonObject { ["install"] = true },
            ["manager"] = new System.Text.Json.Nodes.JsonObject
            {
                ["options"] = new System.Text.Json.Nodes.JsonObject { ["forceTenantPrefix"] = false },
            },
        });

    public static void Write(LayoutContext context)
    {
        context.Files.Add($"{Folder}/namespace.yaml", LayoutObjects.Namespace(Chart.Namespace, null));
        Charts.Write(context.Files, Folder, Chart, "namespace.yaml");
    }
}
