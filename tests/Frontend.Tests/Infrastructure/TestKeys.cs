using System.Security.Cryptography;

namespace Selegic.Extensions.Frontend.Tests.Infrastructure;

/// <summary>ECDSA P-256 publisher keys made with the BCL, independent of the code under test.</summary>
public static class TestKeys
{
    public static ECDsa Create() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static string PublicKeyPem(ECDsa key) => key.ExportSubjectPublicKeyInfoPem();

    /// <summary>Key id as documented: first 16 lowercase hex digits of SHA-256 over the DER SubjectPublicKeyInfo.</summary>
    public static string KeyId(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    /// <summary>The documented signature text: "&lt;keyId&gt;:&lt;base64 of P1363 r||s&gt;" over the bundle bytes.</summary>
    public static string Sign(ECDsa key, byte[] bundle) =>
        KeyId(key) + ":" + Convert.ToBase64String(key.SignData(bundle, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
}
