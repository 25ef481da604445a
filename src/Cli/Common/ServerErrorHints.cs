using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Cli.Common;

/// <summary>
/// What to do about a refusal: the cause-and-fix hint of the shared <see cref="ErrorCatalog"/>
/// (the same text docs/runbook.md gives), else a hint by HTTP status for codes this CLI does not know
/// (a newer server, or a proxy in front of it).
/// </summary>
public static class ServerErrorHints
{
    public static string? For(string code, int? status = null) => ErrorCatalog.HintFor(code) ?? ByStatus(status);

    private static string? ByStatus(int? status) => status switch
    {
        400 => "The server rejected the request as invalid; `scrm extension publish --dry-run` runs the same bundle checks locally.",
        401 => $"Authenticate: set --api-key or {CliEnvironment.ApiKeyVariable} to a tenant admin key.",
        403 => $"The key is not allowed on this tenant: check --tenant / {CliEnvironment.TenantVariable} and the key.",
        404 => "Check --server, the tenant and the slug.",
        409 => "That version already exists and versions are immutable: bump the version and publish again.",
        413 => "The request is over the server's size limit: make the bundle smaller.",
        >= 500 => "The server failed: retry later, and give the platform operator the time of the failure.",
        _ => null,
    };
}
