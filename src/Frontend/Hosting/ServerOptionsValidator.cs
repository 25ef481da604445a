using Microsoft.Extensions.Options;

namespace Selegic.Extensions.Frontend.Hosting;

/// <summary>Start-up validation: every failure names the setting to fix.</summary>
public sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
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
        else if (kind == MetadataStoreKinds.Postgres && string.IsNullOrWhiteSpace(options.PostgresConnectionString))
            failures.Add($"{Prefix}PostgresConnectionString is required when {Prefix}MetadataStore is 'postgres'.");

        if (options.MaxBundleBytes <= 0)
            failures.Add($"{Prefix}MaxBundleBytes must be a positive number of bytes (got {options.MaxBundleBytes}).");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
