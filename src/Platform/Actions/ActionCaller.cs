namespace Selegic.Extensions.Platform.Actions;

/// <summary>
/// The installation a call acts for, as established by the token and the current installation state.
/// </summary>
/// <param name="User">the CRM user the token was minted for, if any</param>
/// <param name="TokenId">the token's jti, for audit</param>
public sealed record ActionCaller(
    Guid TenantId,
    Guid InstallationId,
    string Extension,
    string Version,
    string? User,
    string TokenId)
{
    /// <summary>How audit records name this caller (never a token).</summary>
    public string AuditActor => User is null ? $"installation:{InstallationId:N}" : $"installation:{InstallationId:N}/user:{User}";
}
