using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Platform.Installations;

internal static class InstallationErrors
{
    public static NotFoundException NotFound(string tenantSlug, Guid installationId) =>
        new(ErrorCodes.InstallationNotFound, $"Tenant '{tenantSlug}' has no installation {installationId}.");
}
