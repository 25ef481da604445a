namespace Selegic.Extensions.Frontend.Auth;

/// <summary>The credential of an <c>Authorization: Bearer ...</c> header: an API key or an extension token.</summary>
public static class BearerCredential
{
    private const string Prefix = "Bearer ";

    /// <summary>The value after "Bearer " (trimmed, possibly empty); null when there is no Bearer header.</summary>
    public static string? From(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        return header is not null && header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? header[Prefix.Length..].Trim() : null;
    }
}
