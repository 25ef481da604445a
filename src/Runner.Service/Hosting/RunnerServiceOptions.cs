namespace Selegic.Extensions.Runner.Service.Hosting;

/// <summary>Configuration section "Runner" (also settable as Runner__Name environment variables).</summary>
public sealed class RunnerServiceOptions
{
    public const string SectionName = "Runner";

    /// <summary>Secrets the Frontend signs with (see RunnerRequestSignature); several while rotating. Required.</summary>
    public List<string> SharedSecrets { get; set; } = [];

    /// <summary>Base URL of the Action API (a Frontend, e.g. http://frontend:5080/). Required.</summary>
    public string ActionApiUrl { get; set; } = "";

    /// <summary>Filesystem blob store root, used when EXTENSION_GCS_BUCKET is not set.</summary>
    public string BlobDirectory { get; set; } = "./data/blobs";

    /// <summary>Budget of the compiled-module cache.</summary>
    public long ModuleCacheBytes { get; set; } = 512L * 1024 * 1024;

    public int MaxConcurrentExecutions { get; set; } = 64;

    /// <summary>Time allowed for one action call over HTTP (the handler's own timeout still bounds it).</summary>
    public int ActionTimeoutSeconds { get; set; } = 30;

    public IEnumerable<string> Problems()
    {
        if (SharedSecrets.Count == 0 || SharedSecrets.Any(s => System.Text.Encoding.UTF8.GetByteCount(s) < Remote.RunnerRequestSignature.MinSecretBytes))
            yield return $"Runner:SharedSecrets needs at least one secret of {Remote.RunnerRequestSignature.MinSecretBytes} or more bytes.";
        if (!Uri.TryCreate(ActionApiUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            yield return "Runner:ActionApiUrl must be the absolute http(s) URL of the Action API.";
        if (ModuleCacheBytes < 1) yield return "Runner:ModuleCacheBytes must be positive.";
        if (MaxConcurrentExecutions < 1) yield return "Runner:MaxConcurrentExecutions must be at least 1.";
    }
}
