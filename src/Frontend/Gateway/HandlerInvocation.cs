using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Selegic.Extensions.Frontend.Problems;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Platform.Tokens;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>
/// What routes and extension actions share: provide the per-request token (minted on the handler's
/// first action call, see <see cref="ExecuteRequest.ActionTokenFactory"/>), build the Runner request,
/// execute, and afterwards measure and audit the call. Failures of the handler keep the Runner's
/// code and its suggested status (502 trap, 504 timeout, 507 limits, 413 request too large).
/// What the handler logged goes to its installation's log (<see cref="GatewayHandlerLogs"/>).
/// Failures of the platform's own parts (silos, module storage) are answered with a fixed
/// detail: their messages name internal addresses, which go to the log instead.
/// </summary>
public sealed class HandlerInvocation(IRunner runner, TokenIssuer tokens, GatewayOptions options, GatewayMetrics metrics, GatewayAudit audit,
    GatewayHandlerLogs handlerLogs, ILogger<HandlerInvocation> log)
{
    private static readonly Dictionary<string, string> PlatformFailureDetails = new()
    {
        [RunnerCodes.RunnerUnavailable] = "No silo could run the handler; try again later.",
        [RunnerCodes.RunnerInternalError] = "The Runner failed; this is not the handler's fault.",
        [RunnerCodes.ModuleSourceUnavailable] = "The handler's module could not be read from storage; try again later.",
    };

    // Fixed once the options are bound and validated at start-up: computed once, not per call.
    private readonly HandlerLimits _handlerLimits = options.HandlerLimits;
    private readonly TimeSpan _requestTokenTtl = options.RequestTokenTtl;

    public GatewayOptions Options => options;

    public async Task<ExecuteResponse> ExecuteAsync(GatewayCaller caller, ExecuteRequest partial, CancellationToken cancellationToken)
    {
        var installation = caller.Installation;
        var request = partial with
        {
            Module = BlobModuleSource.Reference(caller.TenantId, installation.ContentHash),
            Config = ParsedConfig(installation),
            User = JsonSerializer.SerializeToElement(new { id = caller.User }),
            Installation = new InstallationInfo(installation.Id.ToString(), caller.TenantSlug, installation.ExtensionSlug, installation.Version),
            ActionTokenFactory = () => tokens.Mint(caller.TenantId, caller.TenantSlug, installation, caller.User, _requestTokenTtl).Token,
            Limits = _handlerLimits,
        };
        var response = await runner.ExecuteAsync(request, cancellationToken);
        if (response.Statistics.ElapsedMilliseconds > 0) // the handler ran (a module that failed to load did not)
            metrics.HandlerRan(request.Action is null ? "route" : "action", response.Statistics.ElapsedMilliseconds);
        handlerLogs.Record(caller, request, response);
        if (response.Code is { } code && PlatformFailureDetails.TryGetValue(code, out var publicDetail))
        {
            log.LogWarning("Handler of {Extension} ({ContentHash}) not run: {Code}: {Detail}",
                installation.ExtensionSlug, installation.ContentHash, code, response.Message);
            return response with { Message = publicDetail };
        }
        return response;
    }

    /// <summary>
    /// The installation's config as JSON, parsed once per installation record: records are immutable
    /// and the directory hands out the same one until the installation changes.
    /// </summary>
    private static JsonElement ParsedConfig(InstallationRecord installation) =>
        ParsedConfigs.GetValue(installation, record => new StrongBox<JsonElement>(JsonElement.Parse(record.ConfigJson))).Value;

    private static readonly ConditionalWeakTable<InstallationRecord, StrongBox<JsonElement>> ParsedConfigs = new();

    /// <summary>Records the finished call in metrics and the audit queue.</summary>
    public void Finish(string kind, GatewayCaller caller, string target, int status, string? code, long startedTimestamp, bool coldStart)
    {
        var elapsed = Stopwatch.GetElapsedTime(startedTimestamp);
        metrics.Record(kind, caller.Installation.ExtensionSlug, code, elapsed, coldStart);
        audit.Record(caller, kind == "action" ? "extension.action" : "extension.call", target, status, code, elapsed.TotalMilliseconds);
    }

    /// <summary>A failed execution as a problem document with the Runner's code and status.</summary>
    public static IResult Failure(ExecuteResponse response) =>
        Problem.Result(FailureStatus(response), response.Code!, response.Message ?? response.Code!);

    public static int FailureStatus(ExecuteResponse response) =>
        response.Status is >= 400 and <= 599 ? response.Status : RunnerCodes.SuggestedHttpStatus(response.Code);

    /// <summary>Reads at most <paramref name="maxBytes"/>; null when the body is larger.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
            return null;
        if (request.ContentLength == 0)
            return [];
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffered = result.Buffer;
            if (buffered.Length > maxBytes)
            {
                reader.AdvanceTo(buffered.Start, buffered.End);
                return null;
            }
            if (result.IsCompleted)
            {
                var body = buffered.ToArray();
                reader.AdvanceTo(buffered.End);
                return body;
            }
            reader.AdvanceTo(buffered.Start, buffered.End); // nothing consumed yet: wait for more
        }
    }

    public static IResult TooLarge(int maxBytes) =>
        Problem.Result(StatusCodes.Status413PayloadTooLarge, GatewayCodes.RequestTooLarge, $"The request body is over the gateway's limit of {maxBytes} bytes.");
}
