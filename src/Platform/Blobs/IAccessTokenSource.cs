namespace Selegic.Extensions.Platform.Blobs;

/// <summary>Supplies OAuth access tokens for the GCS JSON API (cached and refreshed by the implementation).</summary>
public interface IAccessTokenSource
{
    Task<string> GetAccessTokenAsync(CancellationToken cancellationToken);
}
