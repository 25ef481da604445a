using Selegic.Extensions.Runner.Remote;

namespace Selegic.Extensions.Runner.Tests.Remote;

public sealed class RunnerRequestSignatureTests
{
    private const string Secret = "first-secret-with-at-least-32-bytes!!";
    private const string Next = "second-secret-with-at-least-32-bytes!";
    private static readonly byte[] Body = "{\"method\":\"GET\"}"u8.ToArray();

    [Fact]
    public void Signed_request_verifies()
    {
        var signature = new RunnerRequestSignature([Secret]);
        Assert.True(signature.Verify(signature.Sign("POST", "/v1/execute", Body), "POST", "/v1/execute", Body));
    }

    [Fact]
    public void Altered_body_path_or_method_fails()
    {
        var signature = new RunnerRequestSignature([Secret]);
        var header = signature.Sign("POST", "/v1/execute", Body);
        Assert.False(signature.Verify(header, "POST", "/v1/execute", [.. Body, (byte)' ']));
        Assert.False(signature.Verify(header, "POST", "/v1/other", Body));
        Assert.False(signature.Verify(header, "PUT", "/v1/execute", Body));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1,t=1,sig=")]
    [InlineData("v2,t=1,sig=AAAA")]
    [InlineData("v1,t=-5,sig=AAAA")]
    [InlineData("v1,t=99999999999999999999999,sig=AAAA")]
    [InlineData("v1,t=1,sig=not base64!")]
    public void Garbage_headers_fail(string? header) =>
        Assert.False(new RunnerRequestSignature([Secret]).Verify(header, "POST", "/v1/execute", Body));

    [Fact]
    public void Stale_signature_fails()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var signer = new RunnerRequestSignature([Secret], clock);
        var header = signer.Sign("POST", "/v1/execute", Body);
        clock.Now += RunnerRequestSignature.MaxClockSkew + TimeSpan.FromSeconds(1);
        Assert.False(signer.Verify(header, "POST", "/v1/execute", Body));
    }

    [Fact]
    public void Verifier_accepts_every_configured_secret_while_rotating()
    {
        var oldSigner = new RunnerRequestSignature([Secret]);
        var newSigner = new RunnerRequestSignature([Next]);
        var verifier = new RunnerRequestSignature([Next, Secret]);
        Assert.True(verifier.Verify(oldSigner.Sign("POST", "/p", Body), "POST", "/p", Body));
        Assert.True(verifier.Verify(newSigner.Sign("POST", "/p", Body), "POST", "/p", Body));
        Assert.False(newSigner.Verify(oldSigner.Sign("POST", "/p", Body), "POST", "/p", Body));
    }

    [Fact]
    public void Short_secrets_are_refused() =>
        Assert.Throws<ArgumentException>(() => new RunnerRequestSignature(["short"]));

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
