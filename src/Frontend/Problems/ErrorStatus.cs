using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Platform;

namespace Selegic.Extensions.Frontend.Problems;

/// <summary>The HTTP status of a stable error code.</summary>
public static class ErrorStatus
{
    public static int For(string code) => ErrorCatalog.Find(code)?.Status ?? code switch
    {
        // Control-plane codes that Contracts' catalog does not list.
        PlatformErrorCodes.BlobStoreUnavailable or PlatformErrorCodes.MetadataStoreUnavailable => StatusCodes.Status503ServiceUnavailable,
        PlatformErrorCodes.InvalidConfiguration or PlatformErrorCodes.InvalidBlobKey => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status400BadRequest,
    };
}
