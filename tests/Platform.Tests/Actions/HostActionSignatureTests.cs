using System.Security.Cryptography;
using System.Text;
using Selegic.Extensions.Platform.Actions.HostActions;

namespace Selegic.Extensions.Platform.Tests.Actions;

public sealed class HostActionSignatureTests
{
    private const string Secret = "a-signing-secret-of-at-least-32-chars!";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_signature_is_hmac_sha256_over_timestamp_dot_body_as_documented()
    {
        var body = Encoding.UTF8.GetBytes("""{"action":"crm.records.get"}""");
        var unix = Now.ToUnixTimeSeconds();

        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret),
            Encoding.UTF8.GetBytes($"{unix}.{{\"action\":\"crm.records.get\"}}")));

        Assert.Equal(expected, HostActionSignature.Sign(Secret, unix, body));
        Assert.True(HostActionSignature.Verify(Secret, unix.ToString(), expected, body, Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void A_changed_body_a_wrong_secret_or_a_stale_timestamp_does_not_verify()
    {
        var body = Encoding.UTF8.GetBytes("""{"amount":10}""");
        var unix = Now.ToUnixTimeSeconds();
        var signature = HostActionSignature.Sign(Secret, unix, body);

        Assert.False(HostActionSignature.Verify(Secret, unix.ToString(), signature, Encoding.UTF8.GetBytes("""{"amount":99}"""), Now, TimeSpan.FromMinutes(5)));
        Assert.False(HostActionSignature.Verify(Secret + "x", unix.ToString(), signature, body, Now, TimeSpan.FromMinutes(5)));
        Assert.False(HostActionSignature.Verify(Secret, unix.ToString(), signature, body, Now.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(HostActionSignature.Verify(Secret, "not-a-number", signature, body, Now, TimeSpan.FromMinutes(5)));
    }
}
