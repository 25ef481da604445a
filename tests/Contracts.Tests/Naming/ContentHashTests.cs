using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Hashing;
using Selegic.Extensions.Contracts.Tests.Support;

namespace Selegic.Extensions.Contracts.Tests.Naming;

public sealed class ContentHashTests
{
    private const string AbcHash = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; // FIPS 180-2 "abc"

    [Fact]
    public void Compute_gives_prefixed_lowercase_sha256() =>
        Assert.Equal(AbcHash, ContentHash.Compute("abc"u8));

    [Theory]
    [InlineData("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("SHA256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")]
    [InlineData("  ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n")]
    public void Declared_checksums_are_normalized(string declared)
    {
        Assert.True(ContentHash.TryNormalize(declared, out var normalized));
        Assert.Equal(AbcHash, normalized);
        Assert.Equal(AbcHash, ContentHash.Verify("abc"u8, declared));
    }

    [Fact]
    public void A_missing_checksum_is_refused() =>
        Refusal.Expect(ErrorCodes.ChecksumMissing, () => ContentHash.Verify("abc"u8, " "));

    [Theory]
    [InlineData("sha256:xyz")]
    [InlineData("md5:900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a")]
    public void A_malformed_checksum_is_refused(string declared) =>
        Refusal.Expect(ErrorCodes.ChecksumInvalid, () => ContentHash.Verify("abc"u8, declared));

    [Fact]
    public void A_different_checksum_is_a_mismatch()
    {
        var e = Refusal.Expect(ErrorCodes.ChecksumMismatch, () => ContentHash.Verify("abd"u8, AbcHash));
        Assert.Contains(AbcHash, e.Message);
    }

    [Fact]
    public void Only_the_exact_computed_form_is_canonical()
    {
        Assert.True(ContentHash.IsCanonical(AbcHash));
        Assert.True(ContentHash.IsCanonical(ContentHash.Compute("anything"u8)));
        Assert.False(ContentHash.IsCanonical(null));
        Assert.False(ContentHash.IsCanonical(AbcHash.ToUpperInvariant()));
        Assert.False(ContentHash.IsCanonical(AbcHash["sha256:".Length..]));
        Assert.False(ContentHash.IsCanonical(AbcHash + "0"));
        Assert.False(ContentHash.IsCanonical(" " + AbcHash[..^1]));
        Assert.False(ContentHash.IsCanonical(AbcHash[..^1] + "g"));
        Assert.False(ContentHash.IsCanonical("SHA256:" + AbcHash["sha256:".Length..]));
    }
}
