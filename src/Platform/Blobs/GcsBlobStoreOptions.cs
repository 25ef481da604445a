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

    public const string DefaultEndpoint = "https://storage.googleapis.com";

    public string Bucket { get; set; } = "";
    public string? ProjectId { get; set; }
    /// <summary>Service-account key file (JSON); its OAuth access token authorizes every request.</summary>
    public string? KeyFile { get; set; }
    /// <summary>An emulator such as fake-gcs-server ("host:port" or "http://host:port"): plain HTTP, no auth.</summary>
    public string? EmulatorHost { get; set; }
    /// <summary>Base URL of the JSON API when no emulator is set; defaults to <see cref="DefaultEndpoint"/>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Reads the documented environment variables.</summary>
    public static GcsBlobStoreOptions FromEnvironment(Func<string, string?> getVariable) => new()
    {
        Bucket = getVariable(BucketVariable) ?? "",
        ProjectId = getVariable(ProjectIdVariable),
        KeyFile = getVariable(KeyFileVariable),
        EmulatorHost = getVariable(EmulatorHostVariable),
    };

    /// <summary>Problems with these settings, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Bucket))
            problems.Add($"{BucketVariable} (Bucket) is required for the GCS blob store.");
        if (string.IsNullOrWhiteSpace(EmulatorHost) && string.IsNullOrWhiteSpace(KeyFile))
            problems.Add($"{KeyFileVariable} (KeyFile) is required unless {EmulatorHostVariable} (EmulatorHost) is set.");
        if (!string.IsNullOrWhiteSpace(KeyFile) && string.IsNullOrWhiteSpace(EmulatorHost) && !File.Exists(KeyFile))
            problems.Add($"{KeyFileVariable} (KeyFile) points to '{KeyFile}', which does not exist.");
        return problems;
    }
}
