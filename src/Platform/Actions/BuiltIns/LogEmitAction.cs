using System.Text;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Platform.Actions.Data;
using Selegic.Extensions.Platform.Actions.Schema;

namespace Selegic.Extensions.Platform.Actions.BuiltIns;

/// <summary>
/// <c>log.emit</c>: <c>{"level", "message", "fields"?}</c> appends to the installation's own log, which
/// keeps the newest entries only and which the tenant admin reads through the API.
/// </summary>
public sealed class LogEmitAction(IActionDataStore store, LogOptions options, TimeProvider time) : IBuiltInAction
{
    private const int MaxFieldsBytes = 8 * 1024;

    public ActionDefinition Definition { get; } = new(BuiltInActionNames.LogEmit,
        "Appends an entry to this installation's log (readable by the tenant admin; only the newest entries are kept).",
        BuiltInCapabilities.LogWrite,
        JsonSchema.Parse($$"""
            {
              "type": "object", "additionalProperties": false, "required": ["level", "message"],
              "properties": {
                "level": { "enum": ["debug", "info", "warn", "error"] },
                "message": { "type": "string", "minLength": 1, "maxLength": {{options.MaxMessageLength}} },
                "fields": { "type": "object", "maxProperties": 32 }
              }
            }
            """),
        Mutating: false, ActionSource.BuiltIn);

    public async Task<JsonElement> RunAsync(ActionCaller caller, JsonElement input, CancellationToken cancellationToken)
    {
        string? fields = input.TryGetProperty("fields", out var f) ? f.GetRawText() : null;
        if (fields is not null && Encoding.UTF8.GetByteCount(fields) > MaxFieldsBytes)
            throw new ActionException(ActionRefusal.TooLarge, ActionErrorCodes.InputInvalid, $"fields may be at most {MaxFieldsBytes} bytes of JSON.", "/fields");
        await store.AppendLogAsync(new InstallationLogEntry(0, caller.TenantId, caller.InstallationId, input.GetProperty("level").GetString()!,
            input.GetProperty("message").GetString()!, fields, caller.User, time.GetUtcNow()), options.KeepLast, cancellationToken);
        return JsonSerializer.SerializeToElement(new { logged = true });
    }
}
