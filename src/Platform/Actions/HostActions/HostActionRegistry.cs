using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Contracts.Manifest;
using Selegic.Extensions.Platform.Actions.Data;
using Selegic.Extensions.Platform.Actions.Schema;
using Selegic.Extensions.Platform.Audit;
using Selegic.Extensions.Platform.Secrets;
using Selegic.Extensions.Platform.Storage;

namespace Selegic.Extensions.Platform.Actions.HostActions;

/// <summary>What a CRM backend asks to register (validated by <see cref="HostActionRegistry.RegisterAsync"/>).</summary>
public sealed record HostActionRegistration(
    string Name,
    string? Description,
    string? Capability,
    JsonElement? InputSchema,
    string? CallbackUrl,
    string? SigningSecret,
    int? TimeoutMilliseconds,
    bool? Mutating);

/// <summary>
/// Host actions per tenant: registration (validated, signing secret sealed, audited), listing, removal,
/// and resolution for the dispatcher. Compiled schemas are cached per (tenant, name, revision time).
/// </summary>
public sealed partial class HostActionRegistry(
    IActionDataStore store,
    HostActionForwarder forwarder,
    SecretSealer sealer,
    HostActionOptions options,
    AuditLog audit,
    TimeProvider time)
{
    public const int MaxNameLength = 64;
    public const int MinSigningSecretLength = 32;
    public const int MaxSigningSecretLength = 256;
    public const int MaxDescriptionLength = 512;
    public const int MaxSchemaBytes = 64 * 1024;

    private readonly ConcurrentDictionary<(Guid, string), (DateTimeOffset UpdatedAt, ActionDefinition Definition)> _definitions = new();

    [GeneratedRegex("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public async Task<HostActionRecord> RegisterAsync(Guid tenantId, string actor, HostActionRegistration registration, CancellationToken cancellationToken)
    {
        var name = registration.Name;
        if (name.Length > MaxNameLength || !NamePattern().IsMatch(name))
            throw Invalid(ActionErrorCodes.HostActionInvalid,
                $"A host action name is dot-separated lowercase words (a-z, 0-9, _), at least two, at most {MaxNameLength} characters, e.g. 'crm.records.get'.", "name");
        if (BuiltInActionNames.ReservedPrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.Ordinal)) is { } reserved)
            throw Invalid(ActionErrorCodes.HostActionNameReserved, $"Names starting with '{reserved}' belong to the platform's built-in actions.", "name");
        var description = registration.Description ?? "";
        if (description.Length > MaxDescriptionLength)
            throw Invalid(ActionErrorCodes.HostActionInvalid, $"description is at most {MaxDescriptionLength} characters.", "description");
        var capability = registration.Capability ?? "";
        if (ManifestRules.CapabilityProblem(capability) is { } capabilityProblem)
            throw Invalid(ActionErrorCodes.HostActionInvalid, $"capability is required and must be a capability name: {capabilityProblem}.", "capability");
        if (registration.InputSchema is not { ValueKind: JsonValueKind.Object } schemaElement)
            throw Invalid(ActionErrorCodes.HostActionSchemaInvalid, "inputSchema is required and is a JSON Schema object.", "inputSchema");
        var schemaJson = schemaElement.GetRawText();
        if (schemaJson.Length > MaxSchemaBytes)
            throw Invalid(ActionErrorCodes.HostActionSchemaInvalid, $"inputSchema is at most {MaxSchemaBytes} bytes.", "inputSchema");
        try
        {
            JsonSchema.Compile(schemaElement);
        }
        catch (JsonSchemaException e)
        {
            throw Invalid(ActionErrorCodes.HostActionSchemaInvalid, $"inputSchema{e.Pointer}: {e.Message}.", "inputSchema" + e.Pointer);
        }
        if (!Uri.TryCreate(registration.CallbackUrl, UriKind.Absolute, out var callback)
            || (callback.Scheme != Uri.UriSchemeHttps && callback.Scheme != Uri.UriSchemeHttp) || callback.UserInfo.Length > 0 || callback.Fragment.Length > 0)
            throw Invalid(ActionErrorCodes.HostActionInvalid, "callbackUrl is an absolute http(s) URL without credentials or fragment.", "callbackUrl");
        if (registration.SigningSecret is not { } secret || secret.Length < MinSigningSecretLength || secret.Length > MaxSigningSecretLength)
            throw Invalid(ActionErrorCodes.HostActionInvalid,
                $"signingSecret is required: {MinSigningSecretLength}-{MaxSigningSecretLength} characters (e.g. 32 random bytes, base64).", "signingSecret");
        var timeout = registration.TimeoutMilliseconds ?? options.DefaultTimeoutMilliseconds;
        if (timeout < 1 || timeout > options.MaxTimeoutMilliseconds)
            throw Invalid(ActionErrorCodes.HostActionInvalid, $"timeoutMs is between 1 and {options.MaxTimeoutMilliseconds}.", "timeoutMs");

        var record = new HostActionRecord(tenantId, name, description, capability, schemaJson, callback.AbsoluteUri, sealer.Seal(secret, HostActionForwarder.SigningSecretContext(tenantId, name)),
            timeout, registration.Mutating ?? true, time.GetUtcNow());
        await store.UpsertHostActionAsync(record, cancellationToken);
        await audit.RecordAsync(new AuditEvent(tenantId, actor, "host_action.register", name, new AuditOutcome(true, null),
            DetailJson: JsonSerializer.Serialize(new { callbackUrl = record.CallbackUrl, capability })), cancellationToken);
        return record;
    }

    public Task<IReadOnlyList<HostActionRecord>> ListAsync(Guid tenantId, CancellationToken cancellationToken) =>
        store.ListHostActionsAsync(tenantId, cancellationToken);

    public async Task DeleteAsync(Guid tenantId, string actor, string name, CancellationToken cancellationToken)
    {
        if (!await store.DeleteHostActionAsync(tenantId, name, cancellationToken))
            throw new NotFoundException(PlatformErrorCodes.NotFound, $"This tenant has no host action '{name}'.");
        _definitions.TryRemove((tenantId, name), out _);
        await audit.RecordAsync(new AuditEvent(tenantId, actor, "host_action.delete", name, new AuditOutcome(true, null)), cancellationToken);
    }

    public async ValueTask<ResolvedAction?> ResolveAsync(Guid tenantId, string name, CancellationToken cancellationToken)
    {
        if (name.Length > MaxNameLength)
            return null;
        var record = await store.GetHostActionAsync(tenantId, name, cancellationToken);
        if (record is null)
            return null;
        return new ResolvedAction(Definition(record), new Handler(forwarder, record), _ => record.Name);
    }

    public async Task<IReadOnlyList<ActionDefinition>> ListDefinitionsAsync(Guid tenantId, CancellationToken cancellationToken) =>
        (await store.ListHostActionsAsync(tenantId, cancellationToken)).Select(Definition).ToList();

    private ActionDefinition Definition(HostActionRecord record)
    {
        var key = (record.TenantId, record.Name);
        if (_definitions.TryGetValue(key, out var cached) && cached.UpdatedAt == record.UpdatedAt)
            return cached.Definition;
        var definition = new ActionDefinition(record.Name, record.Description, record.Capability, JsonSchema.Parse(record.InputSchemaJson),
            record.Mutating, ActionSource.Host);
        _definitions[key] = (record.UpdatedAt, definition);
        return definition;
    }

    private static PlatformException Invalid(string code, string message, string field) =>
        new ActionException(ActionRefusal.BadInput, code, message, field);

    private sealed class Handler(HostActionForwarder forwarder, HostActionRecord record) : IActionHandler
    {
        public Task<JsonElement> RunAsync(ActionCaller caller, JsonElement input, CancellationToken cancellationToken) =>
            forwarder.ForwardAsync(record, caller, input, cancellationToken);
    }
}
