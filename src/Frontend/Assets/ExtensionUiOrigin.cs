using Selegic.Extensions.Platform;

namespace Selegic.Extensions.Frontend.Assets;

/// <summary>
/// <c>EXTENSION_UI_ORIGIN</c>: a separate origin (e.g. https://ext-ui.example.com, pointing at the
/// same servers) that alone serves extension UI files, so no extension page ever shares an origin
/// with the admin page or the API, even where a browser ignores the CSP sandbox. Unset: the UI is
/// served on every host the server answers (the embedded default), isolated by the sandbox alone.
/// </summary>
public sealed class ExtensionUiOrigin
{
    public const string Variable = "EXTENSION_UI_ORIGIN";

    private ExtensionUiOrigin(Uri? origin)
    {
        Origin = origin;
        Value = origin?.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>The UI origin without a trailing slash (<c>https://ext-ui.example.com</c>), or null when unset.</summary>
    public string? Value { get; }

    private Uri? Origin { get; }

    /// <summary>The setting; a bad value stops start-up (<c>invalid_configuration</c>, naming what is wrong).</summary>
    public static ExtensionUiOrigin From(string? value, string? hostOrigin)
    {
        if (string.IsNullOrWhiteSpace(value))
            return new ExtensionUiOrigin(null);
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var origin) || origin.Scheme is not ("http" or "https")
            || origin.AbsolutePath != "/" || origin.Query.Length > 0 || origin.Fragment.Length > 0 || origin.UserInfo.Length > 0)
            throw Invalid($"{Variable} is '{value}'; expected an origin such as https://ext-ui.example.com (scheme, host and optional port, no path).");
        if (string.IsNullOrWhiteSpace(hostOrigin))
            throw Invalid($"{Variable} needs Extensions:Gateway:HostOrigin, the origin of the page that frames extension UIs (e.g. https://crm.example.com): on its own origin the UI can no longer name its framer as 'self'.");
        return new ExtensionUiOrigin(origin);
    }

    private static PlatformException Invalid(string message) => new(PlatformErrorCodes.InvalidConfiguration, message);

    /// <summary>Whether the request arrived on the UI origin's host and port (always true when unset).</summary>
    public bool IsUiHost(HttpRequest request)
    {
        if (Origin is null)
            return true;
        var host = request.Host;
        // A Host without a port is the origin's default port (behind a TLS-terminating proxy the
        // request itself is plain HTTP, so its own scheme says nothing).
        var port = host.Port ?? Origin.Port;
        return string.Equals(host.Host, Origin.Host, StringComparison.OrdinalIgnoreCase) && port == Origin.Port;
    }

    /// <summary><paramref name="path"/> on the UI origin, or unchanged (relative to this server) when unset.</summary>
    public string Url(string path) => Value + path;
}
