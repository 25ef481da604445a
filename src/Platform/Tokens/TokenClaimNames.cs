namespace Selegic.Extensions.Platform.Tokens;

/// <summary>Claim names in extension tokens (besides the registered iss, aud, sub, jti, iat, nbf, exp).</summary>
public static class TokenClaimNames
{
    public const string TenantId = "tid";
    public const string Tenant = "tenant";
    public const string Extension = "ext";
    public const string Installation = "inst";
    public const string Version = "ver";
    public const string ContentHash = "hash";
    public const string Capabilities = "caps";
    public const string Epoch = "epoch";
}
