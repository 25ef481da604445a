using System.Security.Cryptography;
using System.Text;

namespace Selegic.Extensions.Runner.Sandbox;

/// <summary>
/// The stored form of a precompiled module. Wasmtime deserializes machine code without checking it,
/// so bytes from a store are only handed to it after this check: a header names the engine
/// fingerprint and the module's content hash, and a SHA-256 over header and payload catches any
/// corruption. Layout: "SCRMCWM1" | SHA-256(fingerprint) | SHA-256 digest of the module (its content
/// hash) | SHA-256(everything before it and the payload) | payload (Module.Serialize output).
/// The digest does not authenticate: whoever may write the blob store is trusted as far as the
/// module bytes themselves are (see docs/runner.md).
/// </summary>
public static class PrecompiledArtifact
{
    private const int DigestBytes = 32;
    private const int HeaderBytes = 8 + 3 * DigestBytes;
    private static ReadOnlySpan<byte> Magic => "SCRMCWM1"u8;

    /// <summary>
    /// Where the artifact of <paramref name="contentHash"/> compiled under <paramref name="fingerprint"/>
    /// is stored: a valid blob key segment pair, one directory per engine configuration.
    /// </summary>
    public static string KeyFor(string fingerprint, string contentHash) =>
        $"{Convert.ToHexStringLower(FingerprintDigest(fingerprint))[..32]}/{HexOf(contentHash)}.cwasm";

    public static byte[] Wrap(string fingerprint, string contentHash, ReadOnlySpan<byte> serialized)
    {
        var artifact = new byte[HeaderBytes + serialized.Length];
        Magic.CopyTo(artifact);
        FingerprintDigest(fingerprint).CopyTo(artifact, 8);
        Convert.FromHexString(HexOf(contentHash)).CopyTo(artifact, 8 + DigestBytes);
        serialized.CopyTo(artifact.AsSpan(HeaderBytes));
        Checksum(artifact).CopyTo(artifact, 8 + 2 * DigestBytes);
        return artifact;
    }

    /// <summary>The payload when <paramref name="artifact"/> is intact and made for this fingerprint and module; otherwise null.</summary>
    public static ReadOnlyMemory<byte>? Unwrap(byte[] artifact, string fingerprint, string contentHash)
    {
        if (artifact.Length <= HeaderBytes || !artifact.AsSpan(0, 8).SequenceEqual(Magic))
            return null;
        if (!artifact.AsSpan(8, DigestBytes).SequenceEqual(FingerprintDigest(fingerprint))
            || !artifact.AsSpan(8 + DigestBytes, DigestBytes).SequenceEqual(Convert.FromHexString(HexOf(contentHash)))
            || !artifact.AsSpan(8 + 2 * DigestBytes, DigestBytes).SequenceEqual(Checksum(artifact)))
            return null;
        return artifact.AsMemory(HeaderBytes);
    }

    /// <summary>SHA-256 of the artifact with its checksum field left out.</summary>
    private static byte[] Checksum(byte[] artifact)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(artifact, 0, 8 + 2 * DigestBytes);
        hash.AppendData(artifact, HeaderBytes, artifact.Length - HeaderBytes);
        return hash.GetHashAndReset();
    }

    private static byte[] FingerprintDigest(string fingerprint) => SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint));

    /// <summary>The hex digits of a canonical content hash ("sha256:" and 64 lowercase hex digits, checked by the cache).</summary>
    private static string HexOf(string contentHash) => contentHash[(contentHash.IndexOf(':') + 1)..];
}
