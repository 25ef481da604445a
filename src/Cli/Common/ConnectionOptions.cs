using System.CommandLine;

namespace Selegic.Extensions.Cli.Common;

/// <summary>
/// The options every verb that talks to the server shares: `--tenant`, `--server`, `--api-key`,
/// each falling back to its environment variable (SCRM_TENANT_ID, SCRM_SERVER_URL, SCRM_API_KEY).
/// </summary>
public sealed class ConnectionOptions
{
    public Option<string?> Tenant { get; } = new("--tenant")
    {
        Description = $"Tenant slug, e.g. acme-corp (default: ${CliEnvironment.TenantVariable})",
    };

    public Option<string?> Server { get; } = new("--server")
    {
        Description = $"Server base URL, e.g. https://crm.example.com (default: ${CliEnvironment.ServerUrlVariable})",
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"Tenant admin API key (default: ${CliEnvironment.ApiKeyVariable})",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Tenant);
        command.Options.Add(Server);
        command.Options.Add(ApiKey);
    }

    public string ResolveTenant(ParseResult parseResult, CliEnvironment environment)
    {
        var tenant = parseResult.GetValue(Tenant) ?? environment.Get(CliEnvironment.TenantVariable);
        if (string.IsNullOrWhiteSpace(tenant))
            throw CliException.Usage("missing_tenant", $"No tenant: pass --tenant or set {CliEnvironment.TenantVariable}.",
                "Use the tenant slug your platform admin created, e.g. --tenant acme-corp.");
        tenant = tenant.Trim();
        if (!LooksLikeTenantSlug(tenant))
            throw CliException.Usage("invalid_tenant", $"'{tenant}' is not a valid tenant slug.",
                "Tenant slugs are up to 63 lowercase letters, digits and hyphens, e.g. acme-corp.");
        return tenant;
    }

    /// <summary>
    /// Only what keeps the tenant a single safe URL segment; the server owns the exact tenant-slug
    /// rules, so the CLI must never refuse a tenant the server accepts.
    /// </summary>
    private static bool LooksLikeTenantSlug(string tenant) =>
        tenant.Length <= 63 && tenant.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>Server URL if configured (validated), else null.</summary>
    public Uri? TryResolveServer(ParseResult parseResult, CliEnvironment environment)
    {
        var text = parseResult.GetValue(Server) ?? environment.Get(CliEnvironment.ServerUrlVariable);
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw CliException.Usage("invalid_server_url", $"'{text}' is not an http(s) URL.",
                $"Set --server or {CliEnvironment.ServerUrlVariable} to the server's base URL, e.g. https://crm.example.com.");
        // A trailing slash keeps a path prefix (https://host/crm/) when API paths are resolved against it.
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");
    }

    public string? TryResolveApiKey(ParseResult parseResult, CliEnvironment environment) =>
        parseResult.GetValue(ApiKey) is { } key && !string.IsNullOrWhiteSpace(key) ? key.Trim() : environment.Get(CliEnvironment.ApiKeyVariable);

    /// <summary>Tenant, server and key, all required: for verbs that must reach the server.</summary>
    public ServerConnection Resolve(ParseResult parseResult, CliEnvironment environment)
    {
        var tenant = ResolveTenant(parseResult, environment);
        var server = TryResolveServer(parseResult, environment)
            ?? throw CliException.Usage("missing_server_url", $"No server URL: pass --server or set {CliEnvironment.ServerUrlVariable}.");
        var apiKey = TryResolveApiKey(parseResult, environment)
            ?? throw CliException.Usage("missing_api_key", $"No API key: pass --api-key or set {CliEnvironment.ApiKeyVariable}.",
                "Use the tenant admin key returned when the tenant was created.");
        return new ServerConnection(server, tenant, apiKey);
    }
}

public sealed record ServerConnection(Uri Server, string Tenant, string ApiKey);
