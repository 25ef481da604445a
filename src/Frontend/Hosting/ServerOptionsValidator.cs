using Microsoft.Extensions.Options;
using Selegic.Extensions.Platform.Blobs;
using Selegic.Extensions.Platform.Secrets;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Frontend.Hosting;

/// <summary>Start-up validation: every failure names the setting to fix.</summary>
public sealed class ServerOptionsValidator(IConfiguration configuration) : IValidateOptions<ServerOptions>
{
    private const string Prefix = ServerOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
            failures.Add($"{Prefix}DataDirectory must not be empty.");

        var kind = options.MetadataStore?.Trim().ToLowerInvariant();
        if (kind is not (MetadataStoreKinds.Sqlite or MetadataStoreKinds.Postgres))
            failures.Add($"{Prefix}MetadataStore is '{options.MetadataStore}'; expected 'sqlite' or 'postgres'.");
        else if (kind == MetadataStoreKinds.Postgres)
        {
            if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
                failures.Add($"{Prefix}PostgresConnectionString is required when {Prefix}MetadataStore is 'postgres'.");
            // A cluster node cannot generate its own keys: every node must verify what any other signed or sealed.
            foreach (var shared in new[] { TokenDefaults.SecretVariable, SecretSealer.ConfigurationVariable })
            {
                if (string.IsNullOrWhiteSpace(configuration[shared]))
                    failures.Add($"{shared} is required on a cluster node ({Prefix}MetadataStore is 'postgres'): all nodes must share it.");
            }
        }

        var limits = options.BundleLimits;
        foreach (var (setting, value) in new (string, long)[]
        {
            (nameof(limits.MaxCompressedBytes), limits.MaxCompressedBytes),
            (nameof(limits.MaxEntries), limits.MaxEntries),
            (nameof(limits.MaxFileBytes), limits.MaxFileBytes),
            (nameof(limits.MaxUnpackedBytes), limits.MaxUnpackedBytes),
            (nameof(limits.MaxCompressionRatio), limits.MaxCompressionRatio),
        })
        {
            if (value <= 0)
                failures.Add($"{Prefix}{nameof(ServerOptions.BundleLimits)}:{setting} must be positive (got {value}).");
        }
        if (limits.RatioFloorBytes < 0)
            failures.Add($"{Prefix}{nameof(ServerOptions.BundleLimits)}:{nameof(limits.RatioFloorBytes)} must not be negative (got {limits.RatioFloorBytes}).");

        // GCS is chosen by EXTENSION_GCS_BUCKET (the product's documented variable names).
        var gcs = GcsBlobStoreOptions.FromEnvironment(variable => configuration[variable]);
        if (!string.IsNullOrWhiteSpace(gcs.Bucket))
            failures.AddRange(gcs.Validate());

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
