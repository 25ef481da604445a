using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Contracts.Tests.Support;

internal static class Refusal
{
    /// <summary>Runs <paramref name="action"/> and asserts it throws a <see cref="BundleException"/> with <paramref name="code"/>.</summary>
    public static BundleException Expect(string code, Action action)
    {
        var e = Assert.Throws<BundleException>(action);
        Assert.True(code == e.Code, $"expected code {code} but got {e.Code}: {e.Message}");
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        return e;
    }
}
