using System.Globalization;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Auth;
using Selegic.Extensions.Platform.Actions;
using Selegic.Extensions.Platform.Actions.Data;
using Selegic.Extensions.Platform.Actions.HostActions;
using Selegic.Extensions.Platform.Actions.Logs;

namespace Selegic.Extensions.Frontend.Actions;

/// <summary>
/// Tenant-admin routes of the Action API (under /api/v1/tenants/{tenant}, guarded by TenantAccess):
/// host-action registration by the CRM backend, and reading an installation's log.
/// </summary>
public static class ActionManagementEndpoints
{
    public static void Map(RouteGroupBuilder tenant)
    {
        tenant.MapPut("/host-actions/{name}", RegisterAsync).AddEndpointFilter(AnswerActionRefusals);
        tenant.MapGet("/host-actions", ListAsync);
        tenant.MapDelete("/host-actions/{name}", DeleteAsync);
        tenant.MapGet("/installations/{id:guid}/logs", ReadLogsAsync);
    }

    private static async ValueTask<object?> AnswerActionRefusals(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        try
        {
            return await next(invocation);
        }
        catch (ActionException refusal)
        {
            return ActionProblems.From(refusal);
        }
    }

    private static async Task<IResult> RegisterAsync(string name, RegisterHostActionRequest? request, HttpContext context,
        HostActionRegistry registry, CancellationToken cancellationToken)
    {
        var tenant = TenantAccess.Tenant(context);
        var record = await registry.RegisterAsync(tenant.Id, context.Caller().ActorName, new HostActionRegistration(name,
            request?.Description, request?.Capability, request?.InputSchema, request?.CallbackUrl, request?.SigningSecret,
            request?.TimeoutMs, request?.Mutating), cancellationToken);
        return Results.Ok(ToDto(record));
    }

    private static async Task<IResult> ListAsync(HttpContext context, HostActionRegistry registry, CancellationToken cancellationToken) =>
        Results.Ok(new HostActionListResponse((await registry.ListAsync(TenantAccess.Tenant(context).Id, cancellationToken)).Select(ToDto).ToList()));

    private static async Task<IResult> DeleteAsync(string name, HttpContext context, HostActionRegistry registry, CancellationToken cancellationToken)
    {
        await registry.DeleteAsync(TenantAccess.Tenant(context).Id, context.Caller().ActorName, name, cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> ReadLogsAsync(Guid id, string? cursor, int? limit, HttpContext context, InstallationLogReader logs,
        CancellationToken cancellationToken)
    {
        var page = await logs.ReadAsync(TenantAccess.Tenant(context).Id, id, cursor, limit, cancellationToken);
        var entries = page.Entries.Select(e => new InstallationLogEntryDto(e.Id, e.CreatedAt, e.Level, e.Message,
            e.FieldsJson is null ? null : JsonDocument.Parse(e.FieldsJson).RootElement.Clone(), e.User, e.Source)).ToList();
        return Results.Ok(new InstallationLogPageDto(entries, page.NextBeforeId?.ToString(CultureInfo.InvariantCulture)));
    }

    private static HostActionDto ToDto(HostActionRecord record) => new(record.Name, record.Description, record.Capability,
        JsonDocument.Parse(record.InputSchemaJson).RootElement.Clone(), record.CallbackUrl, record.TimeoutMilliseconds, record.Mutating, record.UpdatedAt);
}
