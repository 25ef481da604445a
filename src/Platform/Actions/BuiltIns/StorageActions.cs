using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Platform.Actions.Data;
using Selegic.Extensions.Platform.Actions.Schema;

namespace Selegic.Extensions.Platform.Actions.BuiltIns;

/// <summary>
/// The rules the four <c>storage.*</c> actions share: one namespace per installation (the store
/// keys every row by tenant and installation), keys of printable ASCII without spaces, and quotas.
/// </summary>
public sealed class StorageRules(StorageOptions options)
{
    public StorageOptions Options { get; } = options;

    public string KeySchema => $$"""{ "type": "string", "minLength": 1, "maxLength": {{Options.MaxKeyLength}}, "pattern": "^[\\x21-\\x7E]+$" }""";

    public StorageQuota Quota => new(Options.MaxKeys, Options.MaxTotalBytes);
}

/// <summary><c>storage.get</c>: <c>{"key"}</c> -> <c>{"found", "value"}</c>.</summary>
public sealed class StorageGetAction(IActionDataStore store, StorageRules rules) : IBuiltInAction
{
    public ActionDefinition Definition { get; } = new(BuiltInActionNames.StorageGet,
        "Reads the value stored under a key of this installation's namespace.", BuiltInCapabilities.StorageKv,
        JsonSchema.Parse($$"""{ "type": "object", "additionalProperties": false, "required": ["key"], "properties": { "key": {{rules.KeySchema}} } }"""),
        Mutating: false, ActionSource.BuiltIn);

    public async Task<JsonElement> RunAsync(ActionCaller caller, JsonElement input, CancellationToken cancellationToken)
    {
        var stored = await store.GetValueAsync(caller.TenantId, caller.InstallationId, input.GetProperty("key").GetString()!, cancellationToken);
        if (stored is null)
            return JsonSerializer.SerializeToElement(new { found = false, value = (object?)null });
        using var value = JsonDocument.Parse(stored.ValueJson);
        return JsonSerializer.SerializeToElement(new { found = true, value = value.RootElement });
    }
}

/// <summary><c>storage.put</c>: <c>{"key", "value"}</c> (any JSON) -> the namespace's usage after the write.</summary>
public sealed class StoragePutAction(IActionDataStore store, StorageRules rules, TimeProvider time) : IBuiltInAction
{
    public ActionDefinition Definition { get; } = new(BuiltInActionNames.StoragePut,
        "Stores a JSON value under a key of this installation's namespace (quotas on keys, value size and total size).",
        BuiltInCapabilities.StorageKv,
        JsonSchema.Parse($$"""{ "type": "object", "additionalProperties": false, "required": ["key", "value"], "properties": { "key": {{rules.KeySchema}}, "value": {} } }"""),
        Mutating: true, ActionSource.BuiltIn);

    public string AuditTarget(JsonElement input) => "storage:" + input.GetProperty("key").GetString();

    public async Task<JsonElement> RunAsync(ActionCaller caller, JsonElement input, CancellationToken cancellationToken)
    {
        var valueJson = input.GetProperty("value").GetRawText();
        var size = Encoding.UTF8.GetByteCount(valueJson);
        if (size > rules.Options.MaxValueBytes)
            throw new ActionException(ActionRefusal.TooLarge, ActionErrorCodes.StorageValueTooLarge,
                $"The value is {size} bytes of JSON; a value may be at most {rules.Options.MaxValueBytes}.", "/value");
        var usage = await store.PutValueAsync(caller.TenantId, caller.InstallationId, input.GetProperty("key").GetString()!, valueJson,
            rules.Quota, time.GetUtcNow(), cancellationToken);
        return JsonSerializer.SerializeToElement(new { keyCount = usage.KeyCount, totalBytes = usage.TotalBytes });
    }
}

/// <summary><c>storage.delete</c>: <c>{"key"}</c> -> <c>{"deleted"}</c> (false when there was no such key).</summary>
public sealed class StorageDeleteAction(IActionDataStore store, StorageRules rules) : IBuiltInAction
{
    public ActionDefinition Definition { get; } = new(BuiltInActionNames.StorageDelete,
        "Deletes a key of this installation's namespace.", BuiltInCapabilities.StorageKv,
        JsonSchema.Parse($$"""{ "type": "object", "additionalProperties": false, "required": ["key"], "properties": { "key": {{rules.KeySchema}} } }"""),
        Mutating: true, ActionSource.BuiltIn);

    public string AuditTarget(JsonElement input) => "storage:" + input.GetProperty("key").GetString();

    public async Task<JsonElement> RunAsync(ActionCaller caller, JsonElement input, CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteValueAsync(caller.TenantId, caller.InstallationId, input.GetProperty("key").GetString()!, cancellationToken);
        return JsonSerializer.SerializeToElement(new { deleted });
    }
}

/// <summary>
/// <c>storage.list</c>: <c>{"prefix"?, "cursor"?, "limit"?}</c> -> <c>{"keys", "cursor"}</c>, keys in ordinal
/// order; pass the answer's cursor to continue (null on the last page).
/// </summary>
public sealed class StorageListAction(IActionDataStore store, StorageRules rules) : IBuiltInAction
{
    public ActionDefinition Definition { get; } = new(BuiltInActionNames.StorageList,
        "Lists keys of this installation's namespace in order, optionally under a prefix, a page at a time.", BuiltInCapabilities.StorageKv,
        JsonSchema.Parse($$"""
            {
              "type": "object", "additionalProperties": false,
              "properties": {
                "prefix": { "type": "string", "maxLength": {{rules.Options.MaxKeyLength}}, "pattern": "^[\\x21-\\x7E]*$" },
                "cursor": { "type": "string", "maxLength": 1024 },
                "limit": { "type": "integer", "minimum": 1, "maximum": {{rules.Options.MaxPageSize}} }
              }
            }
            """),
        Mutating: false, ActionSource.BuiltIn);

    public async Task<JsonElement> RunAsync(ActionCaller caller, JsonElement input, CancellationToken cancellationToken)
    {
        var prefix = input.TryGetProperty("prefix", out var p) ? p.GetString()! : "";
        var limit = input.TryGetProperty("limit", out var l) ? l.GetInt32() : rules.Options.MaxPageSize;
        var after = input.TryGetProperty("cursor", out var c) ? DecodeCursor(c.GetString()!) : null;
        var page = await store.ListKeysAsync(caller.TenantId, caller.InstallationId, prefix, after, limit, cancellationToken);
        return JsonSerializer.SerializeToElement(new { keys = page.Keys, cursor = page.NextAfterKey is null ? null : EncodeCursor(page.NextAfterKey) });
    }

    private static string EncodeCursor(string afterKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(afterKey));

    private static string DecodeCursor(string cursor)
    {
        try
        {
            var key = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (key.Length > 0 && key.All(ch => ch is >= '\x21' and <= '\x7E'))
                return key;
        }
        catch (FormatException)
        {
        }
        throw new ActionException(ActionRefusal.BadInput, ActionErrorCodes.StorageCursorInvalid, "cursor is not one storage.list returned.", "/cursor");
    }
}
