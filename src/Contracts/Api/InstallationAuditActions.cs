namespace Selegic.Extensions.Contracts.Api;

/// <summary>Audit action names of installation and token changes (see <see cref="AuditActions"/> for the registry's).</summary>
public static class InstallationAuditActions
{
    public const string Install = "installation.install";
    public const string Enable = "installation.enable";
    public const string Disable = "installation.disable";
    public const string ChangeVersion = "installation.version";
    public const string ChangeGrants = "installation.grants";
    public const string SetConfig = "installation.config";
    public const string SetSecrets = "installation.secrets";
    public const string Uninstall = "installation.uninstall";
    public const string RevokeToken = "token.revoke";
    public const string RevokeAllTokens = "token.revoke_all";
    /// <summary>The periodic maintenance deleted an uninstalled installation's storage and logs after the retention.</summary>
    public const string Purge = "installation.purge";
}
