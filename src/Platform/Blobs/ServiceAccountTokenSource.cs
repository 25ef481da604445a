using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;

namespace Selegic.Extensions.Platform.Blobs;

/// <summary>
/// Access tokens from a service-account key file through Google.Apis.Auth (a signed JWT exchanged
/// at the key file's token_uri; the library caches the token and refreshes it before expiry).
/// </summary>
public sealed class ServiceAccountTokenSource : IAccessTokenSource
{
    public const string ReadWriteScope = "https://www.googleapis.com/auth/devstorage.read_write";

    private readonly ITokenAccess _credential;

    private ServiceAccountTokenSource(ITokenAccess credential) => _credential = credential;

    /// <summary>Loads the key file; only service-account keys are accepted (not arbitrary credential configurations).</summary>
    public static async Task<ServiceAccountTokenSource> FromKeyFileAsync(string keyFile, CancellationToken cancellationToken)
    {
        try
        {
            var serviceAccount = await CredentialFactory.FromFileAsync<ServiceAccountCredential>(keyFile, cancellationToken);
            return new ServiceAccountTokenSource(serviceAccount.ToGoogleCredential().CreateScoped(ReadWriteScope));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException
                                      or Newtonsoft.Json.JsonException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new PlatformException(PlatformErrorCodes.InvalidConfiguration,
                $"{GcsBlobStoreOptions.KeyFileVariable} '{keyFile}' is not a readable service-account key file: {e.Message}", e);
        }
    }

    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _credential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TokenResponseException or InvalidOperationException)
        {
            throw new PlatformException(PlatformErrorCodes.BlobStoreUnavailable, $"Could not obtain a GCS access token: {e.Message}", e);
        }
    }
}
