using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Naming;
using Selegic.Extensions.Contracts.Tests.Support;

namespace Selegic.Extensions.Contracts.Tests.Naming;

public sealed class SemanticVersionTests
{
    [Theory]
    [InlineData("0.0.0", 0UL, 0UL, 0UL)]
    [InlineData("1.2.3", 1UL, 2UL, 3UL)]
    [InlineData("10.20.30", 10UL, 20UL, 30UL)]
    [InlineData("1.0.0-alpha", 1UL, 0UL, 0UL)]
    [InlineData("1.0.0-alpha.1", 1UL, 0UL, 0UL)]
    [InlineData("1.0.0-0.3.7", 1UL, 0UL, 0UL)]
    [InlineData("1.0.0-x.7.z.92", 1UL, 0UL, 0UL)]
    [InlineData("1.0.0-x-y-z.--", 1UL, 0UL, 0UL)]
    [InlineData("1.0.0+20130313144700", 1UL, 0UL, 0UL)]
    [InlineData("1.0.0-beta+exp.sha.5114f85", 1UL, 0UL, 0UL)]
    [InlineData("18446744073709551615.0.0", ulong.MaxValue, 0UL, 0UL)]
    public void Valid_versions_parse(string text, ulong major, ulong minor, ulong patch)
    {
        Assert.True(SemanticVersion.TryParse(text, out var v));
        Assert.Equal((major, minor, patch), (v.Major, v.Minor, v.Patch));
        Assert.Equal(text, v.ToString());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1.2")]
    [InlineData("1.2.3.4")]
    [InlineData("01.1.1")]
    [InlineData("1.01.1")]
    [InlineData("1.1.01")]
    [InlineData("1.2.3-0123")]
    [InlineData("1.2.3-0123.0123")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3+")]
    [InlineData("1.2.3-alpha..1")]
    [InlineData("1.2.3+build..1")]
    [InlineData("1.2.3-alpha_beta")]
    [InlineData("1.2.3+build+2")]
    [InlineData("-1.2.3")]
    [InlineData("1.2.-3")]
    [InlineData("v1.2.3")]
    [InlineData(" 1.2.3")]
    [InlineData("1.2.3 ")]
    [InlineData("１.2.3")]
    [InlineData("18446744073709551616.0.0")]
    [InlineData("")]
    [InlineData(null)]
    public void Invalid_versions_do_not_parse(string? text)
    {
        Assert.False(SemanticVersion.TryParse(text, out _));
        Refusal.Expect(ErrorCodes.InvalidVersion, () => SemanticVersion.Parse(text));
    }

    [Fact]
    public void Leading_zero_in_a_pre_release_is_allowed_in_alphanumeric_identifiers() =>
        Assert.True(SemanticVersion.TryParse("1.0.0-0abc.00x", out _));

    [Fact]
    public void Build_metadata_is_semver_but_not_publishable()
    {
        Assert.True(SemanticVersion.TryParse("1.0.0+build.1", out var v));
        Assert.Equal(["build", "1"], v.Build);
        var e = Refusal.Expect(ErrorCodes.InvalidVersion, () => SemanticVersion.ParsePublishable("1.0.0+build.1", "version"));
        Assert.Equal("version", e.Field);
        Assert.Equal("1.0.0-rc.1", SemanticVersion.ParsePublishable("1.0.0-rc.1").ToString());
    }

    [Fact]
    public void Precedence_follows_the_semver_specification_example()
    {
        // semver.org section 11: 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2
        // < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0 < 2.0.0 < 2.1.0 < 2.1.1
        string[] ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1", "10.0.0"];
        var shuffled = ordered.Reverse().Select(t => SemanticVersion.Parse(t)).ToList();
        shuffled.Sort();
        Assert.Equal(ordered, shuffled.Select(v => v.ToString()));
        for (var i = 1; i < ordered.Length; i++)
        {
            Assert.True(SemanticVersion.Parse(ordered[i - 1]) < SemanticVersion.Parse(ordered[i]));
            Assert.True(SemanticVersion.Parse(ordered[i]) > SemanticVersion.Parse(ordered[i - 1]));
        }
    }

    [Fact]
    public void Long_numeric_pre_release_identifiers_compare_numerically() =>
        Assert.True(SemanticVersion.Parse("1.0.0-99999999999999999999") > SemanticVersion.Parse("1.0.0-9"));

    [Fact]
    public void Build_metadata_does_not_affect_precedence_but_does_affect_equality()
    {
        var a = SemanticVersion.Parse("1.0.0+a");
        var b = SemanticVersion.Parse("1.0.0+b");
        Assert.Equal(0, a.CompareTo(b));
        Assert.NotEqual(a, b);
        Assert.Equal(SemanticVersion.Parse("1.0.0+a"), a);
    }
}
