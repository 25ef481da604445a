using Google.Cloud.Storage.V1;

namespace Selegic.Extensions.Platform.Blobs;

/// <summary>
/// Settings of the Google Cloud Storage blob store. Environment variable names, as the product
/// documents them: EXTENSION_GCS_BUCKET, EXTENSION_GCS_PROJECT_ID, EXTENSION_GCS_KEY_FILE,
/// GCS_EMULATOR_HOST.
/// </summary>
public sealed class GcsBlobStoreOptions
{
    public const string BucketVariable = "EXTENSION_GCS_BUCKET";
    public const string ProjectIdVariable = "EXTENSION_GCS_PROJECT_ID";
    public const string KeyFileVariable = "EXTENSION_GCS_KEY_FILE";
    public const string EmulatorHostVariable = "GCS_EMULATOR_HOST";

    public string Bucket { get; set; } = "";
    /// <summary>The project a missing bucket is created in (<see cref="GcsBlobStore.EnsureBucketAsync"/>).</summary>
    public string? ProjectId { get; set; }
    /// <summary>Service-account key file (JSON); its OAuth access token authorizes every request.</summary>
    public string? KeyFile { get; set; }
    /// <summary>An emulator ("host:port" or "http://host:port"): the JSON API under /storage/v1/, plain HTTP, no auth.</summary>
    public string? EmulatorHost { get; set; }
    /// <summary>Base URL of the JSON API ("https://host/storage/v1/") when no emulator is set; the client's default when null.</summary>
    public string? Endpoint { get; set; }
    /// <summary>Backoff between retries of idempotent requests that failed with 408, 429 or 5xx.</summary>
    internal RetryTiming RetryTiming { get; init; } = RetryTiming.Default;

    /// <summary>Reads the documented environment variables.</summary>
    public static GcsBlobStoreOptions FromEnvironment(Func<string, string?> getVariable) => new()
    {
        Bucket = getVariable(BucketVariable) ?? "",
        ProjectId = getVariable(ProjectIdVariable),
        KeyFile = getVariable(KeyFileVariable),
        EmulatorHost = getVariable(EmulatorHostVariable),
    };

    public bool UsesEmulator => !string.IsNullOrWhiteSpace(EmulatorHost);

    /// <summary>The JSON API base URI: the emulator's (http:// added when it names no scheme), else <see cref="Endpoint"/> or null for the client's default.</summary>
    public string? BaseUri
    {
        get
        {
            if (!UsesEmulator)
                return string.IsNullOrWhiteSpace(Endpoint) ? null : Endpoint.Trim().TrimEnd('/') + "/";
            var host = EmulatorHost!.Trim().TrimEnd('/');
            return (host.Contains("://", StringComparison.Ordinal) ? host : "http://" + host) + "/storage/v1/";
        }
    }

    /// <summary>Problems with these settings, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Bucket))
            problems.Add($"{BucketVariable} (Bucket) is required for the GCS blob store.");
        if (!UsesEmulator && string.IsNullOrWhiteSpace(KeyFile))
            problems.Add($"{KeyFileVariable} (KeyFile) is required unless {EmulatorHostVariable} (EmulatorHost) is set.");
        if (!string.IsNullOrWhiteSpace(KeyFile) && !UsesEmulator && !File.Exists(KeyFile))
            problems.Add($"{KeyFileVariable} (KeyFile) points to '{KeyFile}', which does not exist.");
        return problems;
    }
}
