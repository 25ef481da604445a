namespace Selegic.Extensions.Platform.Actions.Egress;

/// <summary>
/// Which request headers an extension may send on an outbound call. Each must be written as exactly
/// one header line: the name an HTTP token, the value printable ASCII (CR, LF or NUL would end the
/// line and let the rest become headers or a second request of the extension's choosing). Headers
/// the connection machinery owns, and routing headers a receiver may trust, are the platform's.
/// </summary>
public static class RequestHeaderRules
{
    private static readonly HashSet<string> ConnectionHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "connection", "content-length", "transfer-encoding", "te", "trailer", "upgrade", "keep-alive", "expect",
        "http2-settings", "alt-used", "forwarded", "via", "x-real-ip",
    };

    private static readonly string[] ConnectionHeaderPrefixes = ["proxy-", "x-forwarded-"];

    private static readonly HashSet<string> Credentials = new(StringComparer.OrdinalIgnoreCase) { "authorization", "cookie" };

    /// <summary>Why <paramref name="name"/>: <paramref name="value"/> may not be sent, or null when it may.</summary>
    public static string? WhyRefused(string name, string value)
    {
        if (!IsToken(name))
            return $"Header name '{Printable(name)}' is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~ only).";
        if (ConnectionHeaders.Contains(name) || ConnectionHeaderPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            return $"Header '{name}' is a connection or routing header, set by the platform; it may not be sent.";
        foreach (var c in value)
        {
            if (c is '\r' or '\n' or '\0')
                return $"Header '{name}' contains CR, LF or NUL, which may not appear in a header value.";
            if (c is < ' ' and not '\t' or '\x7f')
                return $"Header '{name}' contains a control character, which may not appear in a header value.";
            if (c > '\x7e')
                return $"Header '{name}' contains a non-ASCII character; header values are sent as ASCII.";
        }
        return null;
    }

    /// <summary>Headers that go only to the origin (scheme, host and port) they were set for, never along a redirect elsewhere.</summary>
    public static bool IsCredential(string name) => Credentials.Contains(name);

    /// <summary>RFC 9110 token: one or more tchar.</summary>
    private static bool IsToken(string name) => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));

    private static string Printable(string text) =>
        string.Concat(text.Select(c => c is < ' ' or '\x7f' ? $"\\x{(int)c:x2}" : c.ToString()));
}
