using System.Collections.Frozen;

namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>
/// Which headers cross the gateway. Requests: content negotiation, conditionals, user agent and
/// correlation ids, plus <c>x-ext-*</c>; never credentials, cookies or proxy headers. Responses:
/// representation and caching metadata, <c>location</c>, plus <c>x-ext-*</c>; never cookies, CORS,
/// CSP, HSTS or anything else that would let a handler speak for the host.
/// </summary>
public static class HeaderPolicy
{
    public const string ExtensionPrefix = "x-ext-";
    private const int MaxForwardedValueLength = 4096;

    public static readonly FrozenSet<string> RequestAllowList = new[]
    {
        "accept", "accept-language", "content-type", "content-language", "if-match", "if-none-match",
        "if-modified-since", "if-unmodified-since", "user-agent", "x-request-id", "x-correlation-id",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static readonly FrozenSet<string> ResponseAllowList = new[]
    {
        "content-type", "content-language", "cache-control", "etag", "last-modified", "location", "vary", "x-request-id",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool ForwardsRequest(string name) => RequestAllowList.Contains(name) || IsExtensionHeader(name);

    public static bool ReturnsResponse(string name) => ResponseAllowList.Contains(name) || IsExtensionHeader(name);

    public static Dictionary<string, string> SelectRequestHeaders(IHeaderDictionary headers)
    {
        var selected = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            var value = values.ToString();
            if (ForwardsRequest(name) && value.Length <= MaxForwardedValueLength)
                selected[name.ToLowerInvariant()] = value;
        }
        return selected;
    }

    private static bool IsExtensionHeader(string name) =>
        name.StartsWith(ExtensionPrefix, StringComparison.OrdinalIgnoreCase) && name.Length > ExtensionPrefix.Length;
}
