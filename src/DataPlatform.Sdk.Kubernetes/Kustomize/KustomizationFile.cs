using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DataPlatform.Sdk.Manifests;

namespace DataPlatform.Sdk.Kubernetes.Kustomize;

/// <summary>
/// A Kustomize <c>kustomization.yaml</c> (<c>kustomize.config.k8s.io/v1beta1</c> <c>Kustomization</c>) or, with
/// <see cref="ComponentApiVersion"/>/<see cref="ComponentKind"/>, a <c>Component</c>.
/// </summary>
/// <remarks>
/// Mirrors kubernetes-sigs/kustomize <c>api/types/kustomization.go</c>. Kustomize rejects unknown fields, and so does
/// validation. Deprecated fields load with a DPC001 warning naming their replacement.
/// </remarks>
public sealed record KustomizationFile : IHasOrigin
{
    /// <summary>The apiVersion of a kustomization.</summary>
    public const string KustomizationApiVersion = "kustomize.config.k8s.io/v1beta1";

    /// <summary>The kind of a kustomization.</summary>
    public const string KustomizationKind = "Kustomization";

    /// <summary>The apiVersion of a component.</summary>
    public const string ComponentApiVersion = "kustomize.config.k8s.io/v1alpha1";

    /// <summary>The kind of a component.</summary>
    public const string ComponentKind = "Component";

    /// <summary>The apiVersion; kustomize assumes <see cref="KustomizationApiVersion"/> when it is omitted.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; init; }

    /// <summary>The kind: <c>Kustomization</c> (assumed when omitted) or <c>Component</c>.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    /// <summary>Optional metadata (name, namespace, labels, annotations) of the kustomization itself.</summary>
    [JsonPropertyName("metadata")]
    public KustomizeMetadata? Metadata { get; init; }

    /// <summary>Files, directories or URLs of resources to include.</summary>
    [JsonPropertyName("resources")]
    public IReadOnlyList<string> Resources { get => _resources ?? []; init => _resources = value; }

    private readonly IReadOnlyList<string>? _resources;

    /// <summary>Paths or URLs of kustomize Components to apply.</summary>
    [JsonPropertyName("components")]
    public IReadOnlyList<string> Components { get => _components ?? []; init => _components = value; }

    private readonly IReadOnlyList<string>? _components;

    /// <summary>CRD files whose schemas teach kustomize how to merge custom resources.</summary>
    [JsonPropertyName("crds")]
    public IReadOnlyList<string> Crds { get => _crds ?? []; init => _crds = value; }

    private readonly IReadOnlyList<string>? _crds;

    /// <summary>The namespace set on every object.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; init; }

    /// <summary>A prefix added to every object's name.</summary>
    [JsonPropertyName("namePrefix")]
    public string? NamePrefix { get; init; }

    /// <summary>A suffix added to every object's name.</summary>
    [JsonPropertyName("nameSuffix")]
    public string? NameSuffix { get; init; }

    /// <summary>Labels to add, with control over selectors and templates.</summary>
    [JsonPropertyName("labels")]
    public IReadOnlyList<KustomizeLabels> Labels { get => _labels ?? []; init => _labels = value; }

    private readonly IReadOnlyList<KustomizeLabels>? _labels;

    /// <summary>Deprecated: labels added to objects and selectors. Use <see cref="Labels"/>.</summary>
    [JsonPropertyName("commonLabels")]
    public IReadOnlyDictionary<string, string>? CommonLabels { get; init; }

    /// <summary>Annotations added to every object.</summary>
    [JsonPropertyName("commonAnnotations")]
    public IReadOnlyDictionary<string, string>? CommonAnnotations { get; init; }

    /// <summary>Image name, tag and digest overrides.</summary>
    [JsonPropertyName("images")]
    public IReadOnlyList<KustomizeImage> Images { get => _images ?? []; init => _images = value; }

    private readonly IReadOnlyList<KustomizeImage>? _images;

    /// <summary>Replica count overrides.</summary>
    [JsonPropertyName("replicas")]
    public IReadOnlyList<KustomizeReplica> Replicas { get => _replicas ?? []; init => _replicas = value; }

    private readonly IReadOnlyList<KustomizeReplica>? _replicas;

    /// <summary>Strategic-merge or JSON6902 patches, from a file (<c>path</c>) or inline (<c>patch</c>), with an optional target.</summary>
    [JsonPropertyName("patches")]
    public IReadOnlyList<KustomizePatch> Patches { get => _patches ?? []; init => _patches = value; }

    private readonly IReadOnlyList<KustomizePatch>? _patches;

    /// <summary>Deprecated: strategic-merge patches. Use <see cref="Patches"/>.</summary>
    [JsonPropertyName("patchesStrategicMerge")]
    public IReadOnlyList<string> PatchesStrategicMerge { get => _patchesStrategicMerge ?? []; init => _patchesStrategicMerge = value; }

    private readonly IReadOnlyList<string>? _patchesStrategicMerge;

    /// <summary>Deprecated: JSON 6902 patches. Use <see cref="Patches"/> with a target.</summary>
    [JsonPropertyName("patchesJson6902")]
    public IReadOnlyList<KustomizePatchJson6902> PatchesJson6902 { get => _patchesJson6902 ?? []; init => _patchesJson6902 = value; }

    private readonly IReadOnlyList<KustomizePatchJson6902>? _patchesJson6902;

    /// <summary>Replacements (copy a field's value into other fields). Free-form.</summary>
    [JsonPropertyName("replacements")]
    public IReadOnlyList<JsonNode> Replacements { get => _replacements ?? []; init => _replacements = value; }

    private readonly IReadOnlyList<JsonNode>? _replacements;

    /// <summary>Deprecated: variables. Use <see cref="Replacements"/>.</summary>
    [JsonPropertyName("vars")]
    public IReadOnlyList<JsonNode> Vars { get => _vars ?? []; init => _vars = value; }

    private readonly IReadOnlyList<JsonNode>? _vars;

    /// <summary>ConfigMaps to generate.</summary>
    [JsonPropertyName("configMapGenerator")]
    public IReadOnlyList<KustomizeGenerator> ConfigMapGenerator { get => _configMapGenerator ?? []; init => _configMapGenerator = value; }

    private readonly IReadOnlyList<KustomizeGenerator>? _configMapGenerator;

    /// <summary>Secrets to generate. Keep their sources encrypted or out of git.</summary>
    [JsonPropertyName("secretGenerator")]
    public IReadOnlyList<KustomizeGenerator> SecretGenerator { get => _secretGenerator ?? []; init => _secretGenerator = value; }

    private readonly IReadOnlyList<KustomizeGenerator>? _secretGenerator;

    /// <summary>Options for all generators.</summary>
    [JsonPropertyName("generatorOptions")]
    public KustomizeGeneratorOptions? GeneratorOptions { get; init; }

    /// <summary>Helm charts to inflate (needs <c>--enable-helm</c>).</summary>
    [JsonPropertyName("helmCharts")]
    public IReadOnlyList<KustomizeHelmChart> HelmCharts { get => _helmCharts ?? []; init => _helmCharts = value; }

    private readonly IReadOnlyList<KustomizeHelmChart>? _helmCharts;

    /// <summary>Helm settings shared by all charts.</summary>
    [JsonPropertyName("helmGlobals")]
    public KustomizeHelmGlobals? HelmGlobals { get; init; }

    /// <summary>Deprecated: use <see cref="HelmCharts"/>.</summary>
    [JsonPropertyName("helmChartInflationGenerator")]
    public IReadOnlyList<JsonNode> HelmChartInflationGenerator { get => _helmChartInflationGenerator ?? []; init => _helmChartInflationGenerator = value; }

    private readonly IReadOnlyList<JsonNode>? _helmChartInflationGenerator;

    /// <summary>Deprecated: use <see cref="Resources"/>.</summary>
    [JsonPropertyName("bases")]
    public IReadOnlyList<string> Bases { get => _bases ?? []; init => _bases = value; }

    private readonly IReadOnlyList<string>? _bases;

    /// <summary>Deprecated: use <see cref="Images"/>.</summary>
    [JsonPropertyName("imageTags")]
    public IReadOnlyList<KustomizeImage> ImageTags { get => _imageTags ?? []; init => _imageTags = value; }

    private readonly IReadOnlyList<KustomizeImage>? _imageTags;

    /// <summary>Transformer configuration files.</summary>
    [JsonPropertyName("configurations")]
    public IReadOnlyList<string> Configurations { get => _configurations ?? []; init => _configurations = value; }

    private readonly IReadOnlyList<string>? _configurations;

    /// <summary>Generator plugin configurations.</summary>
    [JsonPropertyName("generators")]
    public IReadOnlyList<string> Generators { get => _generators ?? []; init => _generators = value; }

    private readonly IReadOnlyList<string>? _generators;

    /// <summary>Transformer plugin configurations.</summary>
    [JsonPropertyName("transformers")]
    public IReadOnlyList<string> Transformers { get => _transformers ?? []; init => _transformers = value; }

    private readonly IReadOnlyList<string>? _transformers;

    /// <summary>Validator plugin configurations.</summary>
    [JsonPropertyName("validators")]
    public IReadOnlyList<string> Validators { get => _validators ?? []; init => _validators = value; }

    private readonly IReadOnlyList<string>? _validators;

    /// <summary>OpenAPI schema settings. Free-form.</summary>
    [JsonPropertyName("openapi")]
    public JsonObject? OpenApi { get; init; }

    /// <summary>Output sort order. Free-form.</summary>
    [JsonPropertyName("sortOptions")]
    public JsonObject? SortOptions { get; init; }

    /// <summary>Build metadata to add: <c>originAnnotations</c>, <c>transformerAnnotations</c>, <c>managedByLabel</c>.</summary>
    [JsonPropertyName("buildMetadata")]
    public IReadOnlyList<string> BuildMetadata { get => _buildMetadata ?? []; init => _buildMetadata = value; }

    private readonly IReadOnlyList<string>? _buildMetadata;

    /// <summary>Inventory settings. Free-form.</summary>
    [JsonPropertyName("inventory")]
    public JsonObject? Inventory { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public ManifestOrigin Origin { get; init; }

    /// <summary>Fields kustomize does not know (reported as errors), kept so nothing is lost.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>Whether this is a <c>Component</c>.</summary>
    [JsonIgnore]
    public bool IsComponent => Kind == ComponentKind;

    /// <summary>Creates an empty kustomization with apiVersion and kind set.</summary>
    /// <returns>The kustomization.</returns>
    public static KustomizationFile Create() => new() { ApiVersion = KustomizationApiVersion, Kind = KustomizationKind };

    /// <summary>Creates an empty component with apiVersion and kind set.</summary>
    /// <returns>The component.</returns>
    public static KustomizationFile Component() => new() { ApiVersion = ComponentApiVersion, Kind = ComponentKind };
}

/// <summary>The <c>metadata</c> of a kustomization.</summary>
public sealed record KustomizeMetadata
{
    /// <summary>Name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Namespace.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; init; }

    /// <summary>Labels.</summary>
    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Annotations.</summary>
    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Unknown fields, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An entry of <c>labels</c>.</summary>
public sealed record KustomizeLabels
{
    /// <summary>The labels to add.</summary>
    [JsonPropertyName("pairs")]
    public IReadOnlyDictionary<string, string>? Pairs { get; init; }

    /// <summary>Also add the labels to selectors (can break existing Deployments: selectors are immutable).</summary>
    [JsonPropertyName("includeSelectors")]
    public bool? IncludeSelectors { get; init; }

    /// <summary>Also add the labels to pod templates.</summary>
    [JsonPropertyName("includeTemplates")]
    public bool? IncludeTemplates { get; init; }

    /// <summary>Extra field specs to label. Free-form.</summary>
    [JsonPropertyName("fields")]
    public IReadOnlyList<JsonNode> Fields { get => _fields ?? []; init => _fields = value; }

    private readonly IReadOnlyList<JsonNode>? _fields;

    /// <summary>Unknown fields, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An image override.</summary>
public sealed record KustomizeImage
{
    /// <summary>The image name to match.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The replacement name.</summary>
    [JsonPropertyName("newName")]
    public string? NewName { get; init; }

    /// <summary>The replacement tag.</summary>
    [JsonPropertyName("newTag")]
    public string? NewTag { get; init; }

    /// <summary>The replacement digest.</summary>
    [JsonPropertyName("digest")]
    public string? Digest { get; init; }

    /// <summary>A suffix appended to the tag.</summary>
    [JsonPropertyName("tagSuffix")]
    public string? TagSuffix { get; init; }

    /// <summary>Unknown fields, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A replica count override.</summary>
public sealed record KustomizeReplica
{
    /// <summary>The workload name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The count.</summary>
    [JsonPropertyName("count")]
    public long? Count { get; init; }

    /// <summary>Unknown fields, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A patch: from a file (<see cref="Path"/>) or inline (<see cref="Patch"/>), optionally with a target selector.</summary>
public sealed record KustomizePatch
{
    /// <summary>Path of a patch file, relative to the kustomization.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; init; }

    /// <summary>An inline strategic-merge or JSON6902 patch.</summary>
    [JsonPropertyName("patch")]
    public string? Patch { get; init; }

    /// <summary>The objects to patch.</summary>
    [JsonPropertyName("target")]
    public KustomizeSelector? Target { get; init; }

    /// <summary>Patch options.</summary>
    [JsonPropertyName("options")]
    public KustomizePatchOptions? Options { get; init; }

    /// <summary>Unknown fields, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Options of a patch.</summary>
public sealed record KustomizePatchOptions
{
    /// <summary>Allow the patch to change the object's name.</summary>
    [JsonPropertyName("allowNameChange")]
    public bool? AllowNameChange { get; init; }

    /// <summary>Allow the patch to change the object's kind.</summary>
    [JsonPropertyName("allowKindChange")]
    public bool? AllowKindChange { get; init; }

    /// <summary>Unknown fields, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Selects objects by group, version, kind, name, namespace and label/annotation selectors.</summary>
public sealed record KustomizeSelector
{
    /// <summary>API group.</summary>
    [JsonPropertyName("group")]
    public string? Group { get; init; }

    /// <summary>API version.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    /// <summary>Kind.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    /// <summary>Name (a regular expression).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Namespace.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; init; }

    /// <summary>Label selector.</summary>
    [JsonPropertyName("labelSelector")]
    public string? LabelSelector { get; init; }

    /// <summary>Annotation selector.</summary>
    [JsonPropertyName("annotationSelector")]
    public string? AnnotationSelector { get; init; }

    /// <summary>Unknown fields, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Deprecated <c>patchesJson6902</c> entry.</summary>
public sealed record KustomizePatchJson6902
{
    /// <summary>The target object.</summary>
    [JsonPropertyName("target")]
    public KustomizeSelector? Target { get; init; }

    /// <summary>Path of the JSON patch file.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; init; }

    /// <summary>Inline JSON patch.</summary>
    [JsonPropertyName("patch")]
    public string? Patch { get; init; }

    /// <summary>Unknown fields, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A ConfigMap or Secret generator.</summary>
public sealed record KustomizeGenerator
{
    /// <summary>Name of the generated object (a hash suffix is added unless disabled).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Namespace of the generated object.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; init; }

    /// <summary><c>create</c>, <c>replace</c> or <c>merge</c>.</summary>
    [AllowedValues("create", "replace", "merge")]
    [JsonPropertyName("behavior")]
    public string? Behavior { get; init; }

    /// <summary>Files to include (<c>key=path</c> or <c>path</c>).</summary>
    [JsonPropertyName("files")]
    public IReadOnlyList<string> Files { get => _files ?? []; init => _files = value; }

    private readonly IReadOnlyList<string>? _files;

    /// <summary>Literal <c>key=value</c> pairs.</summary>
    [JsonPropertyName("literals")]
    public IReadOnlyList<string> Literals { get => _literals ?? []; init => _literals = value; }

    private readonly IReadOnlyList<string>? _literals;

    /// <summary>Env files.</summary>
    [JsonPropertyName("envs")]
    public IReadOnlyList<string> Envs { get => _envs ?? []; init => _envs = value; }

    private readonly IReadOnlyList<string>? _envs;

    /// <summary>Deprecated single env file. Use <see cref="Envs"/>.</summary>
    [JsonPropertyName("env")]
    public string? Env { get; init; }

    /// <summary>Secret type (Secrets only).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>Per-generator options.</summary>
    [JsonPropertyName("options")]
    public KustomizeGeneratorOptions? Options { get; init; }

    /// <summary>Unknown fields, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Generator options.</summary>
public sealed record KustomizeGeneratorOptions
{
    /// <summary>Labels for generated objects.</summary>
    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Annotations for generated objects.</summary>
    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Do not append a content hash to generated names.</summary>
    [JsonPropertyName("disableNameSuffixHash")]
    public bool? DisableNameSuffixHash { get; init; }

    /// <summary>Mark generated objects immutable.</summary>
    [JsonPropertyName("immutable")]
    public bool? Immutable { get; init; }

    /// <summary>Unknown fields, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A Helm chart to inflate.</summary>
public sealed record KustomizeHelmChart
{
    /// <summary>Chart name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Chart version.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    /// <summary>Chart repository URL.</summary>
    [JsonPropertyName("repo")]
    public string? Repo { get; init; }

    /// <summary>Release name.</summary>
    [JsonPropertyName("releaseName")]
    public string? ReleaseName { get; init; }

    /// <summary>Release namespace.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; init; }

    /// <summary>Values file.</summary>
    [JsonPropertyName("valuesFile")]
    public string? ValuesFile { get; init; }

    /// <summary>Inline values. Free-form.</summary>
    [JsonPropertyName("valuesInline")]
    public JsonObject? ValuesInline { get; init; }

    /// <summary><c>merge</c>, <c>override</c> or <c>replace</c>.</summary>
    [JsonPropertyName("valuesMerge")]
    public string? ValuesMerge { get; init; }

    /// <summary>Include the chart's CRDs.</summary>
    [JsonPropertyName("includeCRDs")]
    public bool? IncludeCrds { get; init; }

    /// <summary>Skip hooks.</summary>
    [JsonPropertyName("skipHooks")]
    public bool? SkipHooks { get; init; }

    /// <summary>Skip tests.</summary>
    [JsonPropertyName("skipTests")]
    public bool? SkipTests { get; init; }

    /// <summary>More values files.</summary>
    [JsonPropertyName("additionalValuesFiles")]
    public IReadOnlyList<string> AdditionalValuesFiles { get => _additionalValuesFiles ?? []; init => _additionalValuesFiles = value; }

    private readonly IReadOnlyList<string>? _additionalValuesFiles;

    /// <summary>API versions for capabilities.</summary>
    [JsonPropertyName("apiVersions")]
    public IReadOnlyList<string> ApiVersions { get => _apiVersions ?? []; init => _apiVersions = value; }

    private readonly IReadOnlyList<string>? _apiVersions;

    /// <summary>Kubernetes version for capabilities.</summary>
    [JsonPropertyName("kubeVersion")]
    public string? KubeVersion { get; init; }

    /// <summary>Name template.</summary>
    [JsonPropertyName("nameTemplate")]
    public string? NameTemplate { get; init; }

    /// <summary>Unknown fields, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Helm settings for all charts.</summary>
public sealed record KustomizeHelmGlobals
{
    /// <summary>Directory holding charts.</summary>
    [JsonPropertyName("chartHome")]
    public string? ChartHome { get; init; }

    /// <summary>Helm configuration directory.</summary>
    [JsonPropertyName("configHome")]
    public string? ConfigHome { get; init; }

    /// <summary>Unknown fields, kept.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
