using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Actions.Data;
using Selegic.Extensions.Platform.Installations;

namespace Selegic.Extensions.Platform.Actions.Logs;

/// <summary>Reads an installation's log for its tenant's admin: newest first, paged with an opaque cursor.</summary>
public sealed class InstallationLogReader(IActionDataStore store, IInstallationDirectory installations)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    /// <summary>Another tenant's installation id, or an uninstalled one, is installation_not_found.</summary>
    public async Task<InstallationLogPage> ReadAsync(Guid tenantId, Guid installationId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var page = PageRequest.Parse(cursor, limit, DefaultPageSize, MaxPageSize, ActionErrorCodes.LogCursorInvalid);
        if (await installations.FindAsync(tenantId, installationId, cancellationToken) is null)
            throw new NotFoundException(ActionErrorCodes.InstallationNotFound, "This tenant has no installation with that id.");
        return await store.ListLogsAsync(tenantId, installationId, page.BeforeId, page.Size, cancellationToken);
    }
}
