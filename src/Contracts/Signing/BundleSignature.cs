using System.Security.Cryptography;
using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Contracts.Signing;

/// <summary>A freshly generated publisher key pair (PEM text) and its key id.</summary>
/// <param name="PrivateKeyPem">PKCS#8 <c>PRIVATE KEY</c>; keep it secret</param>
/// <param name="PublicKeyPem">SubjectPublicKeyInfo <c>PUBLIC KEY</c>; register it with the tenant</param>
public sealed record PublisherKeyPair(string KeyId, string PrivateKeyPem, string PublicKeyPem);

/// <summary>A validated publisher public key.</summary>
/// <param name="PublicKeyPem">the key re-encoded canonically (SPKI PEM, LF line ends)</param>
public sealed record PublisherPublicKey(string KeyId, string PublicKeyPem);

/// <summary>A parsed signature text.</summary>
/// <param name="KeyId">the signer's key id, or null for a bare signature (every registered key is tried)</param>
/// <param name="Signature">IEEE P1363 (r||s, 64 bytes) or DER-encoded ECDSA signature</param>
public sealed record ParsedSignature(string? KeyId, byte[] Signature);

/// <summary>
/// Bundle signatures: ECDSA with curve P-256 over the SHA-256 of the exact bundle bytes (the same
/// input whose hash is the content hash). That is what <c>openssl dgst -sha256 -sign key.pem bundle.tar.gz</c>
/// computes as well.
/// <para>Signature text: <c>&lt;keyId&gt;:&lt;base64&gt;</c>, where the base64 holds the IEEE P1363
/// form (r then s, 32 bytes each, as in JWS ES256 and WebCrypto). <see cref="Sign"/> writes that form.
/// For interoperability <see cref="Verify"/> also accepts a DER (RFC 3279) signature, such as openssl writes,
/// and a bare base64 without key id, which is checked against every key offered.</para>
/// <para>Public keys are PEM <c>PUBLIC KEY</c> (SubjectPublicKeyInfo). The key id is the first 16 hex
/// digits of the SHA-256 of the DER SubjectPublicKeyInfo, so it is the same wherever the key is seen.</para>
/// </summary>
public static class BundleSignature
{
    public const string Algorithm = "ECDSA-P256-SHA256";
    public const int KeyIdLength = 16;
    private const int P1363Length = 64;
    private const string P256Oid = "1.2.840.10045.3.1.7";

    public static PublisherKeyPair GenerateKeyPair()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = key.ExportSubjectPublicKeyInfo();
        return new PublisherKeyPair(KeyIdOf(spki), key.ExportPkcs8PrivateKeyPem(), PemEncoding.WriteString("PUBLIC KEY", spki));
    }

    /// <summary>Signs <paramref name="bundle"/>; returns the signature text <c>&lt;keyId&gt;:&lt;base64&gt;</c>.</summary>
    public static string Sign(ReadOnlySpan<byte> bundle, string privateKeyPem)
    {
        using var key = ImportPrivateKey(privateKeyPem);
        var signature = key.SignData(bundle, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return KeyIdOf(key.ExportSubjectPublicKeyInfo()) + ":" + Convert.ToBase64String(signature);
    }

    /// <summary>
    /// Validates a PEM public key (throws <see cref="ErrorCodes.PublisherKeyInvalid"/>) and returns it
    /// canonically encoded with its key id.
    /// </summary>
    public static PublisherPublicKey ParsePublicKey(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem)) throw KeyInvalid("The public key is empty.");
        if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
            throw KeyInvalid("This is a private key. Register the public key ('PUBLIC KEY' PEM) and keep the private key secret.");
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw KeyInvalid($"The public key is not a PEM 'PUBLIC KEY' of an ECDSA key: {e.Message}");
        }
        if (key.ExportParameters(false).Curve.Oid?.Value != P256Oid)
            throw KeyInvalid("The public key is not on curve P-256 (secp256r1 / prime256v1).");
        var spki = key.ExportSubjectPublicKeyInfo();
        return new PublisherPublicKey(KeyIdOf(spki), PemEncoding.WriteString("PUBLIC KEY", spki));
    }

    /// <summary>The key id of a PEM public key (throws <see cref="ErrorCodes.PublisherKeyInvalid"/>).</summary>
    public static string KeyIdOf(string publicKeyPem) => ParsePublicKey(publicKeyPem).KeyId;

    /// <summary>The key id of a DER SubjectPublicKeyInfo: the first 16 lowercase hex digits of its SHA-256.</summary>
    public static string KeyIdOf(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo))[..KeyIdLength];

    /// <summary>Parses signature text (throws <see cref="ErrorCodes.SignatureMalformed"/>).</summary>
    public static ParsedSignature Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw Malformed("The signature is empty.");
        text = text.Trim();
        string? keyId = null;
        var colon = text.IndexOf(':');
        if (colon >= 0)
        {
            keyId = text[..colon];
            text = text[(colon + 1)..];
            if (keyId.Length != KeyIdLength || !keyId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
                throw Malformed($"The signature's key id '{keyId}' is not {KeyIdLength} lowercase hex digits.");
        }
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw Malformed("The signature is not valid base64.");
        }
        if (signature.Length != P1363Length && !LooksLikeDer(signature))
            throw Malformed($"The signature is neither a {P1363Length}-byte P1363 nor a DER ECDSA signature ({signature.Length} bytes).");
        return new ParsedSignature(keyId, signature);
    }

    /// <summary>
    /// Verifies <paramref name="signatureText"/> over <paramref name="bundle"/> against the tenant's
    /// registered <paramref name="publicKeys"/> and returns the id of the key that verified it. Throws
    /// <see cref="ErrorCodes.SignatureMalformed"/>, <see cref="ErrorCodes.UnknownPublisherKey"/> (the
    /// named key is not registered, or none is) or <see cref="ErrorCodes.SignatureInvalid"/>.
    /// </summary>
    public static string Verify(ReadOnlySpan<byte> bundle, string? signatureText, IEnumerable<PublisherPublicKey> publicKeys)
    {
        var parsed = Parse(signatureText);
        var candidates = publicKeys.Where(k => parsed.KeyId is null || k.KeyId == parsed.KeyId).ToList();
        if (candidates.Count == 0)
            throw new BundleException(ErrorCodes.UnknownPublisherKey, parsed.KeyId is null
                ? "The tenant has no registered publisher keys to verify the signature with."
                : $"The bundle is signed with key '{parsed.KeyId}', which this tenant has not registered.");

        var format = parsed.Signature.Length == P1363Length
            ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation
            : DSASignatureFormat.Rfc3279DerSequence;
        foreach (var candidate in candidates)
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(candidate.PublicKeyPem);
            if (VerifyWith(key, bundle, parsed.Signature, format)) return candidate.KeyId;
        }
        throw new BundleException(ErrorCodes.SignatureInvalid, parsed.KeyId is null
            ? "The signature does not verify with any registered publisher key."
            : $"The signature does not verify with key '{parsed.KeyId}': the bundle changed after signing, or another key signed it.");
    }

    private static bool VerifyWith(ECDsa key, ReadOnlySpan<byte> bundle, byte[] signature, DSASignatureFormat format)
    {
        try
        {
            return key.VerifyData(bundle, signature, HashAlgorithmName.SHA256, format);
        }
        catch (CryptographicException)
        {
            return false; // undecodable DER: not a signature by this key
        }
    }

    private static ECDsa ImportPrivateKey(string privateKeyPem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(privateKeyPem);
            if (key.ExportParameters(false).Curve.Oid?.Value != P256Oid)
                throw new BundleException(ErrorCodes.PrivateKeyInvalid, "The private key is not on curve P-256.");
            // ImportFromPem accepts public keys too; signing needs the private part.
            _ = key.ExportParameters(includePrivateParameters: true);
            return key;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new BundleException(ErrorCodes.PrivateKeyInvalid, $"The private key is not a PEM ECDSA P-256 private key: {e.Message}");
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>A DER ECDSA signature is SEQUENCE { INTEGER r, INTEGER s }: at most 72 bytes for P-256.</summary>
    private static bool LooksLikeDer(byte[] signature) =>
        signature.Length is >= 8 and <= 72 && signature[0] == 0x30 && signature[1] == signature.Length - 2;

    private static BundleException KeyInvalid(string message) => new(ErrorCodes.PublisherKeyInvalid, message);
    private static BundleException Malformed(string message) => new(ErrorCodes.SignatureMalformed, message);
}
