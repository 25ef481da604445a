using System.Diagnostics;
using System.Security.Cryptography;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Signing;
using Selegic.Extensions.Contracts.Tests.Support;

namespace Selegic.Extensions.Contracts.Tests.Signing;

public sealed class BundleSignatureTests
{
    private static readonly byte[] Bundle = TestArchives.ValidBundle();
    private static readonly PublisherKeyPair Alice = BundleSignature.GenerateKeyPair();
    private static readonly PublisherKeyPair Bob = BundleSignature.GenerateKeyPair();

    private static PublisherPublicKey[] Registered(params PublisherKeyPair[] pairs) =>
        pairs.Select(p => BundleSignature.ParsePublicKey(p.PublicKeyPem)).ToArray();

    [Fact]
    public void A_signature_verifies_with_the_registered_key_and_names_it()
    {
        var signature = BundleSignature.Sign(Bundle, Alice.PrivateKeyPem);
        Assert.StartsWith(Alice.KeyId + ":", signature);
        Assert.Equal(Alice.KeyId, BundleSignature.Verify(Bundle, signature, Registered(Bob, Alice)));
    }

    [Fact]
    public void A_tampered_bundle_is_refused()
    {
        var signature = BundleSignature.Sign(Bundle, Alice.PrivateKeyPem);
        var tampered = (byte[])Bundle.Clone();
        tampered[tampered.Length / 2] ^= 1;
        Refusal.Expect(ErrorCodes.SignatureInvalid, () => BundleSignature.Verify(tampered, signature, Registered(Alice)));
    }

    [Fact]
    public void A_signature_by_an_unregistered_key_is_refused()
    {
        var signature = BundleSignature.Sign(Bundle, Bob.PrivateKeyPem);
        var e = Refusal.Expect(ErrorCodes.UnknownPublisherKey, () => BundleSignature.Verify(Bundle, signature, Registered(Alice)));
        Assert.Contains(Bob.KeyId, e.Message);
    }

    [Fact]
    public void A_signature_claiming_another_registered_key_is_refused()
    {
        var bobsSignature = BundleSignature.Sign(Bundle, Bob.PrivateKeyPem).Split(':')[1];
        Refusal.Expect(ErrorCodes.SignatureInvalid, () => BundleSignature.Verify(Bundle, Alice.KeyId + ":" + bobsSignature, Registered(Alice, Bob)));
    }

    [Fact]
    public void A_bare_signature_is_tried_against_every_registered_key()
    {
        var bare = BundleSignature.Sign(Bundle, Bob.PrivateKeyPem).Split(':')[1];
        Assert.Equal(Bob.KeyId, BundleSignature.Verify(Bundle, bare, Registered(Alice, Bob)));
        Refusal.Expect(ErrorCodes.SignatureInvalid, () => BundleSignature.Verify(Bundle, bare, Registered(Alice)));
        Refusal.Expect(ErrorCodes.UnknownPublisherKey, () => BundleSignature.Verify(Bundle, bare, []));
    }

    [Fact]
    public void A_signature_with_a_flipped_bit_is_refused()
    {
        var parts = BundleSignature.Sign(Bundle, Alice.PrivateKeyPem).Split(':');
        var raw = Convert.FromBase64String(parts[1]);
        raw[10] ^= 0x80;
        Refusal.Expect(ErrorCodes.SignatureInvalid,
            () => BundleSignature.Verify(Bundle, parts[0] + ":" + Convert.ToBase64String(raw), Registered(Alice)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not base64!")]
    [InlineData("0123456789abcdef:not base64!")]
    [InlineData("0123456789abcdef:AAAA")]
    [InlineData("XYZ:AAAA")]
    [InlineData("0123456789ABCDEF:AAAA")]
    public void Malformed_signatures_are_refused(string signature) =>
        Refusal.Expect(ErrorCodes.SignatureMalformed, () => BundleSignature.Verify(Bundle, signature, Registered(Alice)));

    [Fact]
    public void A_64_byte_signature_of_zeros_is_well_formed_but_invalid() =>
        Refusal.Expect(ErrorCodes.SignatureInvalid,
            () => BundleSignature.Verify(Bundle, Alice.KeyId + ":" + Convert.ToBase64String(new byte[64]), Registered(Alice)));

    [Fact]
    public void A_der_signature_is_accepted()
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(Alice.PrivateKeyPem);
        var der = key.SignData(Bundle, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        Assert.Equal(Alice.KeyId, BundleSignature.Verify(Bundle, Alice.KeyId + ":" + Convert.ToBase64String(der), Registered(Alice)));
    }

    [Fact]
    public void A_signature_made_with_the_openssl_command_line_verifies()
    {
        var dir = Directory.CreateTempSubdirectory("scrm-openssl-");
        try
        {
            string Path(string name) => System.IO.Path.Combine(dir.FullName, name);
            File.WriteAllBytes(Path("bundle.tar.gz"), Bundle);
            OpenSsl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", Path("key.pem"));
            OpenSsl("ec", "-in", Path("key.pem"), "-pubout", "-out", Path("pub.pem"));
            OpenSsl("dgst", "-sha256", "-sign", Path("key.pem"), "-out", Path("sig.der"), Path("bundle.tar.gz"));

            var publicKey = BundleSignature.ParsePublicKey(File.ReadAllText(Path("pub.pem")));
            var signature = Convert.ToBase64String(File.ReadAllBytes(Path("sig.der")));
            Assert.Equal(publicKey.KeyId, BundleSignature.Verify(Bundle, signature, [publicKey]));
            // and our signature over the same bundle with openssl's (SEC1 "EC PRIVATE KEY") key
            var ours = BundleSignature.Sign(Bundle, File.ReadAllText(Path("key.pem")));
            Assert.Equal(publicKey.KeyId, BundleSignature.Verify(Bundle, ours, [publicKey]));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_key_id_is_the_short_sha256_of_the_spki_and_survives_reformatting()
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(Alice.PublicKeyPem);
        var expected = Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];
        Assert.Equal(expected, Alice.KeyId);
        var crlf = Alice.PublicKeyPem.ReplaceLineEndings("\r\n") + "\r\n";
        var parsed = BundleSignature.ParsePublicKey(crlf);
        Assert.Equal(Alice.KeyId, parsed.KeyId);
        Assert.Equal(Alice.PublicKeyPem, parsed.PublicKeyPem);
        Assert.NotEqual(Alice.KeyId, Bob.KeyId);
    }

    [Fact]
    public void A_private_key_is_refused_as_a_publisher_key()
    {
        var e = Refusal.Expect(ErrorCodes.PublisherKeyInvalid, () => BundleSignature.ParsePublicKey(Alice.PrivateKeyPem));
        Assert.Contains("private key", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")]
    public void Garbage_is_refused_as_a_publisher_key(string pem) =>
        Refusal.Expect(ErrorCodes.PublisherKeyInvalid, () => BundleSignature.ParsePublicKey(pem));

    [Fact]
    public void Keys_on_other_curves_or_algorithms_are_refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Refusal.Expect(ErrorCodes.PublisherKeyInvalid, () => BundleSignature.ParsePublicKey(p384.ExportSubjectPublicKeyInfoPem()));
        using var rsa = RSA.Create(2048);
        Refusal.Expect(ErrorCodes.PublisherKeyInvalid, () => BundleSignature.ParsePublicKey(rsa.ExportSubjectPublicKeyInfoPem()));
        Refusal.Expect(ErrorCodes.PrivateKeyInvalid, () => BundleSignature.Sign(Bundle, p384.ExportPkcs8PrivateKeyPem()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a key")]
    public void Signing_needs_a_private_key(string pem) =>
        Refusal.Expect(ErrorCodes.PrivateKeyInvalid, () => BundleSignature.Sign(Bundle, pem));

    [Fact]
    public void Signing_with_a_public_key_is_refused() =>
        Refusal.Expect(ErrorCodes.PrivateKeyInvalid, () => BundleSignature.Sign(Bundle, Alice.PublicKeyPem));

    private static void OpenSsl(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"openssl {string.Join(' ', arguments)} failed: {error}");
    }
}
