using System.Diagnostics;
using System.Text.Json;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Platform.Audit;
using Selegic.Extensions.Platform.Storage;
using Selegic.Extensions.Platform.Tokens;

namespace Selegic.Extensions.Platform.Actions;

/// <summary>
/// The one entry of the Action API, free of HTTP so the HTTP endpoint and the Runner's host calls
/// share it. Checks, in order: token (signature, expiry, audience, revocation) -> installation
/// enabled -> action exists -> capability granted -> input against the action's schema ->
/// per-installation rate limit; then runs the action, records metrics and audits mutating calls.
/// Each refusal is an <see cref="ActionError"/> with a stable code; nothing runs before every check passed.
/// </summary>
public sealed class ActionDispatcher(
    ITokenValidator tokens,
    ActionCatalog catalog,
    IActionRateLimiter rateLimiter,
    ActionMetrics metrics,
    AuditLog audit,
    ActionOptions options)
{
    private const string UnknownActionTag = "unknown";

    /// <param name="token">the bearer token (without "Bearer ")</param>
    /// <param name="actionName">the action's name from the route</param>
    /// <param name="inputUtf8">the JSON input; empty means <c>{}</c></param>
    public async Task<ActionOutcome> DispatchAsync(string? token, string actionName, ReadOnlyMemory<byte> inputUtf8, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var metricName = UnknownActionTag;
        string? failureCode = null;
        try
        {
            var outcome = await DispatchCheckedAsync(token, actionName, inputUtf8, name => metricName = name, cancellationToken);
            failureCode = outcome.Error?.Code;
            return outcome;
        }
        catch (Exception e)
        {
            failureCode = e is PlatformException platform ? platform.Code : ErrorCodes.InternalError;
            throw;
        }
        finally
        {
            metrics.Record(metricName, failureCode, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task<ActionOutcome> DispatchCheckedAsync(string? token, string actionName, ReadOnlyMemory<byte> inputUtf8,
        Action<string> knownAction, CancellationToken cancellationToken)
    {
        var validation = await tokens.ValidateAsync(token, cancellationToken);
        if (!validation.Succeeded)
            return Refuse(ActionRefusal.Unauthenticated, validation.FailureCode, validation.FailureMessage);

        var claims = validation.Claims;
        var installation = validation.Installation;
        if (installation.TenantId != claims.TenantId || installation.Id != claims.InstallationId || !installation.IsActive)
            return Refuse(ActionRefusal.Forbidden, ActionErrorCodes.InstallationNotFound, "The token's installation no longer exists.");
        if (!installation.Enabled)
            return Refuse(ActionRefusal.Forbidden, ActionErrorCodes.InstallationDisabled, "The token's installation is disabled.");

        var action = await catalog.FindAsync(installation.TenantId, actionName, cancellationToken);
        if (action is null)
            return Refuse(ActionRefusal.NotFound, ActionErrorCodes.ActionUnknown,
                $"There is no action '{Clip(actionName)}' for this tenant; GET /api/actions lists them.");
        var definition = action.Definition;
        knownAction(definition.Name);

        // Current grants: a grant withdrawn after the token was minted no longer counts.
        if (!installation.IsGranted(definition.Capability) || !claims.HasCapability(definition.Capability))
            return Refuse(ActionRefusal.Forbidden, ActionErrorCodes.CapabilityNotGranted,
                $"Action '{definition.Name}' needs capability '{definition.Capability}', which this installation was not granted.");

        if (inputUtf8.Length > options.MaxInputBytes)
            return Refuse(ActionRefusal.TooLarge, ActionErrorCodes.InputTooLarge,
                $"The input is {inputUtf8.Length} bytes; actions accept at most {options.MaxInputBytes}.");
        using var document = ParseInput(inputUtf8, out var parseError);
        if (document is null)
            return ActionOutcome.Failure(new ActionError(ActionRefusal.BadInput, ActionErrorCodes.InputInvalid, parseError!, ""));
        var input = document.RootElement;
        if (definition.Input.Validate(input) is { } violation)
            return ActionOutcome.Failure(new ActionError(ActionRefusal.BadInput, ActionErrorCodes.InputInvalid,
                $"Input {(violation.Pointer.Length == 0 ? "" : violation.Pointer + " ")}{violation.Message}.", violation.Pointer));

        if (await rateLimiter.TryAcquireAsync(installation.Id, cancellationToken) is { } retryAfter)
            return ActionOutcome.Failure(new ActionError(ActionRefusal.RateLimited, ActionErrorCodes.RateLimited,
                "This installation is calling actions faster than its rate limit allows.", RetryAfter: retryAfter));

        var caller = new ActionCaller(installation.TenantId, installation.Id, installation.ExtensionSlug, installation.Version,
            claims.User, claims.Jti);
        ActionOutcome result;
        try
        {
            result = ActionOutcome.Success(await action.Handler.RunAsync(caller, input, cancellationToken));
        }
        catch (ActionException refusal)
        {
            result = ActionOutcome.Failure(new ActionError(refusal.Refusal, refusal.Code, refusal.Message, refusal.Pointer));
        }
        if (definition.Mutating)
            await AuditAsync(caller, definition, action.AuditTarget(input), result, cancellationToken);
        return result;
    }

    private async Task AuditAsync(ActionCaller caller, ActionDefinition definition, string target, ActionOutcome result, CancellationToken cancellationToken)
    {
        var detail = JsonSerializer.Serialize(new { installationId = caller.InstallationId, extension = caller.Extension, tokenId = caller.TokenId });
        await audit.RecordAsync(new AuditEvent(caller.TenantId, caller.AuditActor, "action." + definition.Name, target,
            new AuditOutcome(result.Succeeded, result.Error?.Code), DetailJson: detail), cancellationToken);
    }

    private static JsonDocument? ParseInput(ReadOnlyMemory<byte> inputUtf8, out string? error)
    {
        error = null;
        if (inputUtf8.IsEmpty)
            return JsonDocument.Parse("{}");
        try
        {
            return JsonDocument.Parse(inputUtf8, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            error = $"The input is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).";
            return null;
        }
    }

    private static ActionOutcome Refuse(ActionRefusal refusal, string code, string message) =>
        ActionOutcome.Failure(new ActionError(refusal, code, message));

    private static string Clip(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
