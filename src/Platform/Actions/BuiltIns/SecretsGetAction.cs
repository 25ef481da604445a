using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Platform.Actions.Schema;
using Selegic.Extensions.Platform.Secrets;

namespace Selegic.Extensions.Platform.Actions.BuiltIns;

/// <summary>
/// <c>secrets.get</c>: <c>{"name"}</c> -> <c>{"value"}</c>, one of the calling installation's secrets in
/// plaintext. The only place a secret leaves the platform; it is neither logged nor audited with its value.
/// </summary>
public sealed class SecretsGetAction(ISecretReader secrets) : IBuiltInAction
{
    public ActionDefinition Definition { get; } = new(BuiltInActionNames.SecretsGet,
        "Reads one of this installation's secrets (set by the tenant admin).", BuiltInCapabilities.SecretsRead,
        JsonSchema.Parse("""{ "type": "object", "additionalProperties": false, "required": ["name"], "properties": { "name": { "type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[A-Za-z0-9_.-]+$" } } }"""),
        Mutating: false, ActionSource.BuiltIn);

    public async Task<JsonElement> RunAsync(ActionCaller caller, JsonElement input, CancellationToken cancellationToken)
    {
        var name = input.GetProperty("name").GetString()!;
        var value = await secrets.ReadAsync(caller.TenantId, caller.InstallationId, name, cancellationToken)
            ?? throw new ActionException(ActionRefusal.NotFound, ActionErrorCodes.SecretNotFound, $"This installation has no secret '{name}'.", "/name");
        return JsonSerializer.SerializeToElement(new { value });
    }
}
