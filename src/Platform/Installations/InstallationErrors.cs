using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Installations;

internal static class InstallationErrors
{
    public static NotFoundException NotFound(TenantRecord tenant, Guid installationId) =>
        new(ErrorCodes.InstallationNotFound, $"Tenant '{tenant.Slug}' has no installation {installationId}.");
}
