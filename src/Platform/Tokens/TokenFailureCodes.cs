using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Platform.Tokens;

/// <summary>Why a token was refused (all answered with 401 by the HTTP layer; see ErrorCatalog).</summary>
public static class TokenFailureCodes
{
    /// <summary>No token was sent.</summary>
    public const string Missing = ErrorCodes.TokenMissing;
    /// <summary>Malformed, wrong signature, unknown key id, wrong issuer, or required claims missing.</summary>
    public const string Invalid = ErrorCodes.TokenInvalid;
    /// <summary>Past its exp (with a small clock skew allowance).</summary>
    public const string Expired = ErrorCodes.TokenExpired;
    /// <summary>The aud claim is not the Action API's audience.</summary>
    public const string WrongAudience = ErrorCodes.TokenWrongAudience;
    /// <summary>Revoked by jti, by an epoch bump, or its installation was disabled or uninstalled.</summary>
    public const string Revoked = ErrorCodes.TokenRevoked;
}
