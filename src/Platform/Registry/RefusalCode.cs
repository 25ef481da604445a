using Selegic.Extensions.Contracts.Errors;

namespace Selegic.Extensions.Platform.Registry;

/// <summary>The stable code of a refusal (Contracts' or the control plane's), or null for anything else (a fault).</summary>
internal static class RefusalCode
{
    public static string? Of(Exception exception) => exception switch
    {
        BundleException bundle => bundle.Code,
        PlatformException platform => platform.Code,
        _ => null,
    };
}
