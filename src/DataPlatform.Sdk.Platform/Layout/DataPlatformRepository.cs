using System.Collections.Immutable;
using DataPlatform.Sdk.Diagnostics;
using DataPlatform.Sdk.Files;
using DataPlatform.Sdk.Platform.Repository;
using DataPlatform.Sdk.Writing;

namespace DataPlatform.Sdk.Platform.Layout;

/// <summary>
/// A whole GitOps data-platform repository built in code: render it, validate it as a whole, plan it against a
/// directory, and write it atomically.
/// </summary>
public sealed class DataPlatformRepository
{
    private DataPlatformRepository(string name, FileTree files)
    {
        Name = name;
        Files = files;
    }

    /// <summary>The repository name.</summary>
    public string Name { get; }

    /// <summary>The rendered files (deterministic: the same description gives the same bytes).</summary>
    public FileTree Files { get; }

    /// <summary>Starts a repository description.</summary>
    /// <param name="name">The repository name.</param>
    /// <param name="configure">Describes the repository.</param>
    /// <returns>The built repository.</returns>
    /// <exception cref="ValidationException">The repository has errors; the message lists every one.</exception>
    public static DataPlatformRepository Create(string name, Func<DataPlatformRepositoryBuilder, DataPlatformRepositoryBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return configure(CreateBuilder(name)).Build();
    }

    /// <summary>A builder with nothing but the name.</summary>
    /// <param name="name">The repository name.</param>
    /// <returns>The builder.</returns>
    public static DataPlatformRepositoryBuilder CreateBuilder(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new DataPlatformRepositoryBuilder(new RepositorySpec(
            name, RepositoryProfile.Standard, $"https://github.com/example/{name}", "flux-system",
            [], [], false, [], false, false, [], []));
    }

    /// <summary>The seed's full example: dev and prod clusters, every infrastructure and platform component, the finance and marketing domains.</summary>
    /// <param name="profile">The layout.</param>
    /// <returns>The builder, to extend further.</returns>
    /// <param name="secretsRecipient">The age recipient the example's secrets are encrypted for; none without it.</param>
    /// <remarks>
    /// With <paramref name="secretsRecipient"/>, each domain also gets a SOPS-encrypted Secret (database credentials)
    /// that only that recipient's identity decrypts.
    /// </remarks>
    public static DataPlatformRepositoryBuilder Example(RepositoryProfile profile = RepositoryProfile.Standard, Sops.AgeRecipient? secretsRecipient = null)
    {
        var withSecrets = secretsRecipient is not null;
        var builder = CreateBuilder("data-platform-gitops")
            .Profile(profile)
            .Source(s => s.Url("https://github.com/acme/data-platform-gitops"))
            .Cluster("dev", c => c.TrackBranch("main"))
            .Cluster("prod", c => c.TrackSemVer(">=1.0.0"))
            .Infrastructure(i => i.Observability().Networking().Storage())
            .Platform(p => p.Kestra().Superset().Dlt().Liquibase())
            .Notifications(n => n.Slack("#data-platform").GitHubCommitStatus("https://github.com/acme/data-platform-gitops"))
            .Tenant("finance-team", t => t.Quota(cpu: "8", memory: "32Gi"))
            .Tenant("marketing-team", t => t.Quota(cpu: "4", memory: "16Gi"))
            .Domain("finance", d => ExampleFinance(d, withSecrets))
            .Domain("marketing", d => ExampleMarketing(d, withSecrets));
        return secretsRecipient is null ? builder : builder.Sops(s => s.Age(secretsRecipient));
    }

    /// <summary>The value of the example's secrets: a placeholder to replace with <c>sops</c> (stable, so re-running changes nothing).</summary>
    private const string ExampleValue = "replace-me-with-sops";

    private static DomainBuilder ExampleFinance(DomainBuilder domain, bool withSecrets)
    {
        var finance = ExampleFlows.Finance(domain.OwnedBy("finance-team").Setting("REPORTING_CURRENCY", "EUR"))
            .Application("orders-api", "ghcr.io/acme/orders-api", "1.4.2", semverRange: ">=1.4.0-0")
            .Pipeline("stripe-postgres", p => p
                .FromRestApi("https://api.stripe.com/v1", "customers", "charges")
                .ToPostgres("finance-db.finance-team.svc", "finance")
                .Dataset("stripe")
                .Merge(primaryKey: "id")
                .Incremental("created")
                .Schedule("0 * * * *"));
        return !withSecrets ? finance : finance
            .Secret("finance-db", new Dictionary<string, string>
            {
                ["LIQUIBASE_COMMAND_URL"] = "jdbc:postgresql://finance-db.finance-team.svc:5432/finance",
                ["LIQUIBASE_COMMAND_USERNAME"] = "finance_app",
                ["LIQUIBASE_COMMAND_PASSWORD"] = ExampleValue,
            })
            .Migrations(ExampleFlows.FinanceSchema, "finance-db");
    }

    private static DomainBuilder ExampleMarketing(DomainBuilder domain, bool withSecrets)
    {
        var marketing = ExampleFlows.Marketing(domain.OwnedBy("marketing-team"));
        return !withSecrets ? marketing : marketing.Secret("campaign-api", new Dictionary<string, string> { ["CAMPAIGN_API_TOKEN"] = ExampleValue });
    }

    /// <summary>
    /// The repository as a model: every file with its typed objects, to query and edit like a repository read from
    /// disk (<see cref="Edit"/> takes the edits back).
    /// </summary>
    public GitOpsRepository Model => _model ??= GitOpsRepository.Load(Files);

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
        return new DataPlatformRepository(Name, edited.ToFileTree()) { _model = edited };
    }

    private GitOpsRepository? _model;

    /// <summary>Validates the repository as a whole, exactly as <c>dataplatform validate</c> would once written.</summary>
    /// <param name="validator">The validator (for example one from DI, with a team's own rules); the built-in rules when <see langword="null"/>.</param>
    /// <returns>The report.</returns>
    public ValidationReport Validate(Validation.RepositoryValidator? validator = null) => Model.Validate(validator);

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
        var plaintext = Model.Validate(new Validation.RepositoryValidator([new Validation.PlaintextSecretRule()]))
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
    public static Task<GitOpsRepository> LoadAsync(string directory, CancellationToken cancellationToken = default) =>
        GitOpsRepository.LoadAsync(directory, cancellationToken: cancellationToken);

    /// <summary>The metadata.name of a manifest given to a domain, if it has one.</summary>
    private static string? ManifestName(object manifest) =>
        Manifests.ManifestSerializer.ToJsonElement(manifest) is { ValueKind: System.Text.Json.JsonValueKind.Object } json
        && json.TryGetProperty("metadata", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.Object && m.TryGetProperty("name", out var n)
        && n.ValueKind == System.Text.Json.JsonValueKind.String
            ? n.GetString()
            : null;

    internal static ValidationReport ValidateSpec(RepositorySpec spec)
    {
        var problems = Check(spec).ToList();
        return problems.Count > 0 ? new ValidationReport(problems) : new DataPlatformRepository(spec.Name, LayoutRenderer.Render(spec)).Validate();
    }

    /// <summary>Renders without validating (tests of the writer's own checks).</summary>
    internal static DataPlatformRepository FromSpecUnchecked(DataPlatformRepositoryBuilder builder) => new(builder.Spec.Name, LayoutRenderer.Render(builder.Spec));

    internal static DataPlatformRepository FromSpec(RepositorySpec spec)
    {
        new ValidationReport(Check(spec)).ThrowIfErrors();
        var repo = new DataPlatformRepository(spec.Name, LayoutRenderer.Render(spec));
        repo.Validate().ThrowIfErrors();
        return repo;
    }

    private static DiagnosticDescriptor InvalidDescription => Validation.RepositoryDiagnostics.InvalidDescription;

    private static IEnumerable<Diagnostic> Check(RepositorySpec spec)
    {
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

        if (spec.Domains.Any(d => d.Secrets.Count > 0) && spec.Sops.Age.Count == 0)
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

        foreach (var c in spec.InfrastructureCharts.Concat(spec.PlatformCharts).GroupBy(c => c.Name).Where(g => g.Count() > 1))
        {
            yield return InvalidDescription.Create($"Component '{c.Key}' is declared in both infrastructure and platform.");
        }
    }
}
