namespace Selegic.Extensions.Platform.Tokens;

/// <summary>
/// Checks an extension token: signature (any configured key id), expiry, audience, issuer, then
/// revocation (the node's deny set by jti, and the installation's current epoch; a token of an
/// uninstalled or disabled installation is revoked). Never throws for a bad token.
/// </summary>
public interface ITokenValidator
{
    /// <param name="token">the compact JWT without the "Bearer " prefix; null or empty gives token_missing</param>
    ValueTask<TokenValidationResult> ValidateAsync(string? token, CancellationToken cancellationToken = default);
}
