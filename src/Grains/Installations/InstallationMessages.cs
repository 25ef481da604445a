using Selegic.Extensions.Platform;
using Selegic.Extensions.Platform.Installations;

namespace Selegic.Extensions.Grains.Installations;

/// <summary>The control plane's installation change, record and refusals to and from their wire forms.</summary>
internal static class InstallationMessages
{
    public static InstallationCommand ToCommand(InstallationChange c) => new((InstallationCommandKind)(int)c.Operation, c.TenantId, c.TenantSlug,
        c.Actor, c.InstallationId, c.Extension, c.Version, c.Grants?.ToArray(), c.ConfigJson,
        c.Secrets is null ? null : new Dictionary<string, string>(c.Secrets, StringComparer.Ordinal));

    public static InstallationChange ToChange(InstallationCommand c) => new((InstallationOperation)(int)c.Kind, c.TenantId, c.TenantSlug,
        c.Actor, c.InstallationId, c.Extension, c.Version, c.Grants, c.ConfigJson, c.Secrets);

    public static InstallationState ToState(InstallationRecord r) => new(r.Id, r.TenantId, r.ExtensionId, r.ExtensionSlug, r.Version, r.ContentHash,
        r.Grants.ToArray(), r.ConfigJson, new Dictionary<string, string>(r.SealedSecrets, StringComparer.Ordinal), r.Enabled, r.Epoch, r.Revision,
        r.CreatedAt, r.UpdatedAt, r.UninstalledAt);

    public static InstallationRecord ToRecord(InstallationState s) => new(s.Id, s.TenantId, s.ExtensionId, s.ExtensionSlug, s.Version, s.ContentHash,
        s.Grants, s.ConfigJson, s.SealedSecrets, s.Enabled, s.Epoch, s.Revision, s.CreatedAt, s.UpdatedAt, s.UninstalledAt);

    public static InstallationReply Refusal(PlatformException refusal) => new(null, refusal switch
    {
        NotFoundException => InstallationRefusalKind.NotFound,
        AlreadyExistsException => InstallationRefusalKind.AlreadyExists,
        _ => InstallationRefusalKind.Refused,
    }, refusal.Code, refusal.Message);

    /// <summary>The reply's installation, or its refusal thrown again as the control plane's exception.</summary>
    public static InstallationRecord Unwrap(InstallationReply reply) => reply switch
    {
        { State: { } state } => ToRecord(state),
        { RefusalKind: InstallationRefusalKind.NotFound } => throw new NotFoundException(reply.RefusalCode!, reply.RefusalMessage!),
        { RefusalKind: InstallationRefusalKind.AlreadyExists } => throw new AlreadyExistsException(reply.RefusalCode!, reply.RefusalMessage!),
        _ => throw new PlatformException(reply.RefusalCode!, reply.RefusalMessage!),
    };
}
