using Selegic.Extensions.Platform.Changes;

namespace Selegic.Extensions.Grains.Changes;

/// <summary>The control plane's <see cref="ChangeNotice"/> to and from its wire form.</summary>
internal static class ChangeMessages
{
    public static ChangeMessage ToMessage(ChangeNotice n) => new(n.Kind switch
    {
        ChangeKind.InstallationChanged => ChangeMessageKind.InstallationChanged,
        ChangeKind.TokenRevoked => ChangeMessageKind.TokenRevoked,
        _ => throw new ArgumentOutOfRangeException(nameof(n), n.Kind, "unknown change kind"),
    }, n.TenantId, n.InstallationId, n.ExtensionSlug, n.Jti, n.ExpiresAt);

    public static ChangeNotice ToNotice(ChangeMessage m) => new(m.Kind switch
    {
        ChangeMessageKind.InstallationChanged => ChangeKind.InstallationChanged,
        ChangeMessageKind.TokenRevoked => ChangeKind.TokenRevoked,
        _ => throw new ArgumentOutOfRangeException(nameof(m), m.Kind, "unknown change kind"),
    }, m.TenantId, m.InstallationId, m.ExtensionSlug, m.Jti, m.ExpiresAt);
}
