using System.Diagnostics.CodeAnalysis;
using Selegic.Extensions.Platform.Installations;

namespace Selegic.Extensions.Platform.Tokens;

/// <summary>The outcome of <see cref="ITokenValidator.ValidateAsync"/>: claims and the current installation, or a stable failure code.</summary>
public sealed record TokenValidationResult
{
    private TokenValidationResult() { }

    /// <summary>A value of <see cref="TokenFailureCodes"/> when the token is refused; null when valid.</summary>
    public string? FailureCode { get; private init; }
    /// <summary>Why the token was refused, safe to show to the caller.</summary>
    public string? FailureMessage { get; private init; }
    public TokenClaims? Claims { get; private init; }
    /// <summary>The installation as this node sees it now (from the directory cache).</summary>
    public InstallationRecord? Installation { get; private init; }

    [MemberNotNullWhen(true, nameof(Claims), nameof(Installation))]
    [MemberNotNullWhen(false, nameof(FailureCode), nameof(FailureMessage))]
    public bool Succeeded => FailureCode is null;

    public static TokenValidationResult Success(TokenClaims claims, InstallationRecord installation) =>
        new() { Claims = claims, Installation = installation };

    public static TokenValidationResult Failure(string code, string message) =>
        new() { FailureCode = code, FailureMessage = message };
}
