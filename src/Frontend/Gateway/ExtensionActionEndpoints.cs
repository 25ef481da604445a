using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Selegic.Extensions.Frontend.Auth;
using Selegic.Extensions.Frontend.Operations;
using Selegic.Extensions.Frontend.Problems;
using Selegic.Extensions.Platform.Actions;
using Selegic.Extensions.Platform.Actions.Schema;
using Selegic.Extensions.Platform.Installations;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Frontend.Gateway;

/// <summary>
/// <c>POST /api/v1/tenants/{tenant}/actions/{extension}.{action}</c> (tenant key): a CRM flow calls an
/// action the installed version's manifest declares. The input is checked against the declared
/// schema before the handler runs its action entry (envelope <c>kind: "action"</c>, docs/guest-abi.md).
/// </summary>
public static class ExtensionActionEndpoints
{
    public static void Map(RouteGroupBuilder tenant)
    {
        tenant.MapPost("/actions/{qualifiedName}", CallAsync)
            .RecordOutcomes((services, status, code) => services.GetRequiredService<GatewayMetrics>().Request("action", status, code));
    }

    private static async Task<IResult> CallAsync(string qualifiedName, HttpContext context, IInstallationDirectory directory,
        InstalledManifests manifests, HandlerInvocation invocation, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var tenant = TenantAccess.Tenant(context);
        var dot = qualifiedName.IndexOf('.');
        if (dot <= 0 || dot == qualifiedName.Length - 1)
            return Problem.Result(StatusCodes.Status404NotFound, GatewayCodes.ActionNotDeclared,
                "Extension actions are addressed as {extension}.{action}, e.g. vacation-trip.plan.");
        var (extension, actionName) = (qualifiedName[..dot], qualifiedName[(dot + 1)..]);

        var (installation, notEnabled) = await GatewayCallers.EnabledInstallationAsync(directory, tenant, extension, cancellationToken);
        if (installation is null)
            return notEnabled!;
        var manifest = await manifests.GetAsync(installation, cancellationToken);
        var action = manifest?.Actions.FirstOrDefault(a => a.Name == actionName);
        if (manifest?.Handler is null || action is null)
            return Problem.Result(StatusCodes.Status404NotFound, GatewayCodes.ActionNotDeclared,
                $"Version {installation.Version} of '{extension}' declares no action '{actionName}'.");

        var maxBytes = invocation.Options.MaxRequestBytes;
        var body = await HandlerInvocation.ReadBodyAsync(context.Request, maxBytes, cancellationToken);
        if (body is null)
            return HandlerInvocation.TooLarge(maxBytes);
        if (body.Length == 0)
            body = "{}"u8.ToArray();
        if (CheckInput(installation, action, body, manifests, context) is { } refusal)
            return refusal;

        var caller = GatewayCaller.ForTenantKey(tenant.Id, tenant.Slug, installation, context.Caller());
        var response = await invocation.ExecuteAsync(caller, new ExecuteRequest
        {
            Module = null!, // set by HandlerInvocation
            Method = "POST",
            Path = "/",
            Action = actionName,
            Headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
            Body = body,
            RequestId = context.TraceIdentifier,
        }, cancellationToken);

        var (result, status, code) = ToResult(response);
        invocation.Finish("action", caller, qualifiedName, status, code, started, response.Statistics.CompiledModule);
        return result;
    }

    private static IResult? CheckInput(InstallationRecord installation, Contracts.Manifest.ManifestAction action, byte[] body, InstalledManifests manifests, HttpContext context)
    {
        JsonSchema schema;
        try
        {
            schema = manifests.InputSchema(installation, action);
        }
        catch (JsonSchemaException e)
        {
            return Problem.Result(StatusCodes.Status502BadGateway, GatewayCodes.ActionSchemaInvalid,
                $"The declared input schema of '{action.Name}' cannot be enforced: {e.Message} (at '{e.Pointer}').");
        }
        try
        {
            using var input = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            if (schema.Validate(input.RootElement) is { } violation)
                return Actions.ActionProblems.From(new ActionError(ActionRefusal.BadInput, ActionErrorCodes.InputInvalid, violation.Message, violation.Pointer), context);
        }
        catch (JsonException e)
        {
            return Problem.Result(StatusCodes.Status400BadRequest, GatewayCodes.ActionInputMalformed, $"The action input is not JSON: {e.Message}");
        }
        return null;
    }

    /// <summary>A 2xx with a JSON body is the action's output; anything else is extension_action_failed.</summary>
    private static (IResult, int, string?) ToResult(ExecuteResponse response)
    {
        if (!response.Succeeded)
            return (HandlerInvocation.Failure(response), HandlerInvocation.FailureStatus(response), response.Code);
        if (response.Status is < 200 or > 299 || !IsJson(response.Body))
        {
            var detail = $"The handler answered the action with status {response.Status} and {response.Body.Length} bytes"
                + (response.Status is >= 200 and <= 299 ? " that are not JSON." : $": {Clip(Encoding.UTF8.GetString(response.Body))}");
            return (Problem.Result(StatusCodes.Status502BadGateway, GatewayCodes.ActionFailed, detail), 502, GatewayCodes.ActionFailed);
        }
        return (Results.Bytes(response.Body, "application/json"), 200, null);
    }

    private static bool IsJson(byte[] body)
    {
        try
        {
            using var _ = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
