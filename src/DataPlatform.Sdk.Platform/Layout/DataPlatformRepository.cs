using System.Collections.Immutable;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Manifests;
using DataPlatform.Sdk.Repository;
using DataPlatform.Sdk.Writing;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// A whole GitOps data-platform repository built in code: a model of typed objects by path (<see cref="Model"/>),
/// validated as a whole, planned against a directory and written in place. Serialization happens when the bytes are
/// needed (<see cref="Files"/>, <see cref="Plan"/>, <see cref="WriteAsync"/>).
/// </summary>
public sealed partial class DataPlatformRepository
{
    private readonly IReadOnlyList<GeneratedFile>? _generated;
    private readonly Lazy<FileTree> _files;
    private GitOpsRepository? _model;

    private readonly ManifestLoader? _loader;

    private DataPlatformRepository(string name, IReadOnlyList<GeneratedFile> generated, ManifestLoader? loader = null)
    {
        Name = name;
        _generated = generated;
        _loader = loader;
        _files = new Lazy<FileTree>(() => generated.Aggregate(FileTree.Empty, (tree, f) => tree.With(f.Path, f.Text)));
    }

    private DataPlatformRepository(string name, GitOpsRepository edited)
    {
        Name = name;
        _model = edited;
        _files = new Lazy<FileTree>(edited.ToFileTree);
    }

    /// <summary>The repository name.</summary>
    public string Name { get; }

    /// <summary>The files' bytes (deterministic: the same description gives the same bytes; SOPS ciphertext aside).</summary>
    public FileTree Files => _files.Value;

    /// <summary>Starts a repository description, configures it and builds it.</summary>
    /// <param name="name">The repository name.</param>
    /// <param name="configure">Describes the repository.</param>
    /// <returns>The built repository.</returns>
    /// <exception cref="ValidationException">The repository has errors; the message lists every one.</exception>
    public static DataPlatformRepository Create(string name, Action<DataPlatformRepositoryBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = CreateBuilder(name);
        configure(builder);
        return builder.Build();
    }

    /// <summary>A builder with nothing but the name.</summary>
    /// <param name="name">The repository name (a DNS label is not required; it names the README and the default URL).</param>
    /// <returns>The builder.</returns>
    public static DataPlatformRepositoryBuilder CreateBuilder(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new DataPlatformRepositoryBuilder(name);
    }

    /// <summary>
    /// The repository as a model: every file with its typed objects, to query and edit like a repository read from
    /// disk (<see cref="Edit"/> takes the edits back).
    /// </summary>
    public GitOpsRepository Model => _model ??= GitOpsRepository.FromGenerated(_generated!, _loader);

    /// <summary>
    /// The repository with edits made in code on its model (replace an object with a <c>with</c> copy, add or remove
    /// files): what the description cannot say, said once and kept through every write.
    /// </summary>
    /// <param name="edit">Edits the model (each edit returns a new model).</param>
    /// <returns>The edited repository; validate it again.</returns>
    public DataPlatformRepository Edit(Func<GitOpsRepository, GitOpsRepository> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var edited = edit(Model) ?? throw new InvalidOperationException("The edit returned no repository.");
        return new DataPlatformRepository(Name, edited);
    }

    /// <summary>Validates the repository as a whole, exactly as <c>dataplatform validate</c> would once written.</summary>
    /// <param name="validator">The validator (for example one from DI, with a team's own rules); the built-in rules when <see langword="null"/>.</param>
    /// <returns>The report.</returns>
    public ValidationReport Validate(RepositoryValidator? validator = null) => Model.Validate(validator);

    /// <summary>
    /// Exactly what <see cref="WriteAsync"/> would do to <paramref name="directory"/>: files added, changed (with diffs,
    /// hand edits merged in) and deleted (only files generated there earlier and no longer generated), and files left
    /// alone with the reason. Reads, never writes.
    /// </summary>
    /// <param name="directory">The target directory (it may not exist).</param>
    /// <param name="options">Write options (<see cref="WriteOptions.Force"/> changes what is planned).</param>
    /// <param name="identities">
    /// The age identities that decrypt the secrets already on disk, so that an unchanged secret keeps its bytes; when
    /// <see langword="null"/>, those of <c>SOPS_AGE_KEY_FILE</c>/<c>SOPS_AGE_KEY</c>.
    /// </param>
    /// <returns>The plan.</returns>
    public RepositoryPlan Plan(string directory, WriteOptions? options = null, IReadOnlyList<Sops.AgeIdentity>? identities = null) =>
        RepositoryWriter.Plan(EncryptedFiles.KeepUnchanged(Files, directory, identities), directory, options);

    /// <summary>
    /// Writes the repository into a directory, in place: only files whose bytes change are written, only files generated
    /// there earlier and no longer generated are deleted, nothing else is touched (unrelated files, <c>.git</c>), and
    /// hand edits inside generated files are kept wherever the model did not change that value. The batch is atomic (a
    /// crash leaves every file old or new; the next write finishes it). Refuses (writing nothing) when a Secret would be
    /// written in plaintext, when a file changed on disk while planning, or when a hand edit cannot be merged (see
    /// <see cref="RepositoryPlan.Notices"/>; <see cref="WriteOptions.Force"/> overrides). Encrypted files whose values did
    /// not change keep their bytes, so re-running leaves git clean.
    /// </summary>
    /// <param name="directory">The target directory: a new one, or an existing directory or git checkout.</param>
    /// <param name="options">Write options.</param>
    /// <param name="identities">The age identities that decrypt existing secrets (see <see cref="Plan"/>).</param>
    /// <param name="cancellationToken">Cancels before anything is written.</param>
    /// <returns>The plan that was carried out.</returns>
    /// <exception cref="InvalidOperationException">A Secret holds plaintext values, or the plan has conflicts.</exception>
    /// <exception cref="IOException">A file changed on disk meanwhile, or the file system refused (everything rolled back).</exception>
    public Task<RepositoryPlan> WriteAsync(string directory, WriteOptions? options = null, IReadOnlyList<Sops.AgeIdentity>? identities = null, CancellationToken cancellationToken = default)
    {
        var plaintext = Model.Validate(new RepositoryValidator([new Validation.PlaintextSecretRule()]))
            .Diagnostics.Where(d => d.Code == Validation.RepositoryDiagnostics.PlaintextSecret.Code).ToList();
        if (plaintext.Count > 0)
        {
            throw new InvalidOperationException("Refusing to write Secrets in plaintext; give them to a domain with .Secret(...) so they are SOPS-encrypted:\n"
                + string.Join("\n", plaintext.Select(d => "  " + d)));
        }

        return Task.Run(
            () =>
            {
                var plan = Plan(directory, options, identities);
                cancellationToken.ThrowIfCancellationRequested();
                RepositoryWriter.Apply(plan, options);
                return plan;
            },
            cancellationToken);
    }

    /// <summary>Reads a repository from disk (any layout), with every object's file and line.</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The repository.</returns>
    /// <remarks>Pass the <see cref="ManifestLoader"/> from DI (<c>AddDataPlatformSdk()</c>) so that a team's object rules run on every file.</remarks>
    public static Task<GitOpsRepository> LoadAsync(string directory, CancellationToken cancellationToken = default) =>
        GitOpsRepository.LoadAsync(directory, cancellationToken: cancellationToken);

    /// <summary>Reads a repository from disk with a given loader (for example one from DI, with a team's own object rules).</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="loader">The loader.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The repository.</returns>
    public static Task<GitOpsRepository> LoadAsync(string directory, ManifestLoader loader, CancellationToken cancellationToken = default) =>
        GitOpsRepository.LoadAsync(directory, loader, cancellationToken);

    /// <summary>The metadata.name of a manifest given to a domain, if it has one.</summary>
    private static string? ManifestName(object manifest) =>
        Manifests.ManifestSerializer.ToJsonElement(manifest) is { ValueKind: System.Text.Json.JsonValueKind.Object } json
        && json.TryGetProperty("metadata", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.Object && m.TryGetProperty("name", out var n)
        && n.ValueKind == System.Text.Json.JsonValueKind.String
            ? n.GetString()
            : null;

    internal static ValidationReport ValidateDescription(DataPlatformRepositoryBuilder builder, RepositoryValidator? validator, ManifestLoader? loader)
    {
        var spec = builder.Spec;
        var problems = builder.Problems.All.Concat(Check(spec)).ToList();
        return problems.Count > 0 ? new ValidationReport(problems) : new DataPlatformRepository(spec.Name, LayoutRenderer.Render(spec), loader).Validate(validator);
    }

    /// <summary>Renders without validating (tests of the writer's own checks).</summary>
    internal static DataPlatformRepository FromSpecUnchecked(DataPlatformRepositoryBuilder builder) => new(builder.Spec.Name, LayoutRenderer.Render(builder.Spec));

    internal static DataPlatformRepository FromDescription(DataPlatformRepositoryBuilder builder, RepositoryValidator? validator, ManifestLoader? loader)
    {
        var spec = builder.Spec;
        new ValidationReport(builder.Problems.All.Concat(Check(spec))).ThrowIfErrors();
        var repo = new DataPlatformRepository(spec.Name, LayoutRenderer.Render(spec), loader);
        repo.Validate(validator).ThrowIfErrors();
        return repo;
    }

    private static DiagnosticDescriptor InvalidDescription => Validation.RepositoryDiagnostics.InvalidDescription;

    private static IEnumerable<Diagnostic> Check(RepositorySpec spec)
    {
        var tenants = spec.Tenants.Select(t => t.Name).ToList();
        foreach (var d in spec.Domains.Where(d => d.OwnerNamed && !tenants.Contains(d.Owner, StringComparer.Ordinal)))
        {
            var near = Spelling.Closest(tenants, d.Owner, 3, ignoreCase: false);
            yield return InvalidDescription.Create(
                $"Domain '{d.Name}' is owned by tenant '{d.Owner}', which is not declared{(near is null ? string.Empty : $"; did you mean '{near}'?")}",
                help: $"Declare it with .Tenant(\"{d.Owner}\", t => t.Quota(…)), or name a declared tenant; tenants: {string.Join(", ", tenants.DefaultIfEmpty("none"))}.");
        }

        if (spec.Clusters.Count == 0)
        {
            yield return InvalidDescription.Create("The repository has no cluster; add one with .Cluster(\"dev\", ...).");
        }

        var clusters = spec.Clusters.Select(c => c.Name).ToImmutableHashSet(StringComparer.Ordinal);
        foreach (var d in spec.Domains)
        {
            foreach (var env in d.Environments.Where(e => !clusters.Contains(e)))
            {
                yield return InvalidDescription.Create($"Domain '{d.Name}' is deployed to '{env}', which is not a cluster; clusters: {string.Join(", ", clusters.Order(StringComparer.Ordinal))}.");
            }
        }

        foreach (var t in spec.Tenants.Where(t => t.DedicatedStorage && spec.Profile != RepositoryProfile.Standard))
        {
            yield return InvalidDescription.Create($"Tenant '{t.Name}' asks for dedicated storage, which the tenant operator enforces; the {spec.Profile.ToString().ToLowerInvariant()} profile has none. Use the standard profile, or drop DedicatedStorage().");
        }

        if (spec.InfrastructureCharts.Any(c => c.Name == ProgressiveDelivery.Chart.Name) && !(spec.InfrastructureCharts.Any(c => c.Name == "ingress-nginx") && spec.InfrastructureCharts.Any(c => c.Name == "kube-prometheus-stack")))
        {
            yield return InvalidDescription.Create("Infrastructure: ProgressiveDelivery() needs Networking() and Observability(): Flagger shifts traffic through ingress-nginx and checks Prometheus.", help: "Add .Networking() and .Observability() to the infrastructure.");
        }

        if (spec.Domains.Any(d => d.Secrets.Count > 0) && !spec.Sops.HasRecipients)
        {
            yield return InvalidDescription.Create("Domains have secrets but no age recipient encrypts them; add .Sops(s => s.Age(recipient)) (for example the recipient of your SOPS_AGE_KEY_FILE).");
        }

        foreach (var d in spec.Domains)
        {
            foreach (var secret in d.Secrets.Where(x => x.Environment is not null))
            {
                if (spec.Profile == RepositoryProfile.Simplified)
                {
                    yield return InvalidDescription.Create($"Secret '{secret.Name}' of domain '{d.Name}' is for environment '{secret.Environment}', but the simplified profile has no per-environment overlays.");
                }
                else if (!clusters.Contains(secret.Environment!))
                {
                    yield return InvalidDescription.Create($"Secret '{secret.Name}' of domain '{d.Name}' is for '{secret.Environment}', which is not a cluster.");
                }
            }
        }

        foreach (var d in spec.Domains.Where(d => d.Migrations is not null))
        {
            // The Job reads LIQUIBASE_COMMAND_* from this Secret: one the repository does not provide only fails in the cluster.
            var secret = d.Migrations!.CredentialsSecret;
            var provided = d.Secrets.Select(x => x.Name).Concat(d.Manifests.Select(ManifestName).OfType<string>()).ToList();
            if (!provided.Contains(secret, StringComparer.Ordinal))
            {
                var near = Spelling.Closest(provided, secret, 2, ignoreCase: false);
                yield return InvalidDescription.Create(
                    $"The migrations of domain '{d.Name}' read the Secret '{secret}', which the domain does not declare{(near is null ? string.Empty : $"; did you mean '{near}'?")}",
                    help: "Declare it with d.Secret(\"" + secret + "\", …) (SOPS-encrypted) or d.ExternalSecret(\"" + secret + "\", …).");
            }
        }

        foreach (var env in spec.Sops.Environments.Keys.Where(e => !clusters.Contains(e)))
        {
            yield return InvalidDescription.Create($"SOPS keys are given for environment '{env}', which is not a cluster.");
        }

        if (spec.InfrastructureCharts.Any(c => c.Name == "opencost") && spec.InfrastructureCharts.All(c => c.Name != "kube-prometheus-stack"))
        {
            yield return InvalidDescription.Create("Infrastructure: CostTracking() needs Observability(): OpenCost reads the costs from Prometheus.", help: "Add .Observability() to the infrastructure.");
        }

        var flagger = spec.InfrastructureCharts.Any(c => c.Name == ProgressiveDelivery.Chart.Name);
        foreach (var d in spec.Domains.Where(d => d.Rollout is not null))
        {
            if (!flagger)
            {
                yield return InvalidDescription.Create($"Domain '{d.Name}' rolls out with {d.Rollout!.Strategy}, which needs Flagger.", help: "Add .Infrastructure(i => i.ProgressiveDelivery()).");
            }

            if (d.Applications.Count == 0)
            {
                yield return InvalidDescription.Create($"Domain '{d.Name}' has a rollout strategy but no application to roll out.", help: "Add d.Application(…) or drop Rollout(…).");
            }
        }

        foreach (var c in spec.InfrastructureCharts.Concat(spec.PlatformCharts).GroupBy(c => c.Name).Where(g => g.Count() > 1))
        {
            yield return InvalidDescription.Create($"Component '{c.Key}' is declared in both infrastructure and platform.");
        }
    }
}
