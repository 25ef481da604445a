using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Manifest;

namespace Selegic.Extensions.Contracts.Bundles;

/// <summary>
/// The folder of <c>ui.entry</c>, whose files the platform serves to browsers as the extension's UI,
/// and what in it is never served whatever the layout: the bundle's own manifest, WebAssembly
/// modules (the handler is one; a UI cannot run one under its CSP anyway), precompiled modules and
/// signatures.
/// </summary>
public static class UiFolder
{
    private static readonly string[] NeverServedEndings = [".wasm", ".cwasm", ".sig"];

    /// <summary>The folder of <paramref name="ui"/>'s entry with a trailing slash; "" for the bundle root.</summary>
    public static string Of(ManifestUi ui) => ui.Entry.LastIndexOf('/') is var slash and >= 0 ? ui.Entry[..(slash + 1)] : "";

    /// <summary>Whether bundle path <paramref name="path"/> (already known to be under the UI folder) may be served.</summary>
    public static bool MayServe(string path) =>
        path != ManifestRules.FileName && !NeverServedEndings.Any(ending => path.EndsWith(ending, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Publish-time rule: the handler must not sit in the UI folder (a UI at the bundle root holds
    /// everything). Throws <see cref="ErrorCodes.UiFolderContainsHandler"/>. Bundles published before
    /// this rule keep working; their handler is still never served (<see cref="MayServe"/>).
    /// </summary>
    public static void CheckHandlerOutside(ExtensionManifest manifest)
    {
        if (manifest.Ui is not { } ui || manifest.Handler is not { } handler)
            return;
        var folder = Of(ui);
        if (handler.StartsWith(folder, StringComparison.OrdinalIgnoreCase))
            throw new BundleException(ErrorCodes.UiFolderContainsHandler,
                $"The handler '{handler}' is inside the UI folder '{(folder.Length == 0 ? "(the bundle root)" : folder)}' of ui.entry '{ui.Entry}'; " +
                "put the UI in a folder of its own (e.g. ui/index.html) and the handler outside it.", "ui.entry");
    }
}
