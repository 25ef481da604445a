using Selegic.Extensions.Contracts.Manifest;

namespace Selegic.Extensions.Contracts.Bundles;

/// <summary>A bundle that passed every check of <see cref="BundleReader"/>.</summary>
public sealed class Bundle
{
    /// <summary><c>sha256:&lt;hex&gt;</c> of the compressed bundle bytes.</summary>
    public required string ContentHash { get; init; }

    public required ExtensionManifest Manifest { get; init; }

    /// <summary>Regular files by normalized path (<c>ui/index.html</c>; no leading <c>./</c>), including <c>manifest.json</c>.</summary>
    public required IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Files { get; init; }

    /// <summary>Directory entries present in the archive (normalized, no trailing <c>/</c>).</summary>
    public required IReadOnlyList<string> Directories { get; init; }

    public required long CompressedBytes { get; init; }

    /// <summary>Sum of the sizes of <see cref="Files"/>.</summary>
    public required long UnpackedBytes { get; init; }

    /// <summary>The handler's .wasm bytes, or null for a UI-only extension.</summary>
    public ReadOnlyMemory<byte>? Handler => Manifest.Handler is { } path ? Files[path] : (ReadOnlyMemory<byte>?)null;
}
