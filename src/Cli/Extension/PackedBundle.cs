using Selegic.Extensions.Contracts.Bundles;

namespace Selegic.Extensions.Cli.Extension;

/// <summary>A bundle ready to publish: its bytes and the result of every local check.</summary>
/// <param name="Skipped">paths left out of the bundle (dotfiles, hidden paths, node_modules, earlier pack outputs)</param>
public sealed record PackedBundle(byte[] Bytes, Bundle Bundle, IReadOnlyList<string> Skipped)
{
    public string ContentHash => Bundle.ContentHash;
    public string Slug => Bundle.Manifest.Slug;
    public string Version => Bundle.Manifest.Version;

    /// <summary>The 64 lowercase hex digits of the SHA-256 (the content hash without its prefix).</summary>
    public string Sha256Hex => ContentHash[Contracts.Hashing.ContentHash.Prefix.Length..];
}
