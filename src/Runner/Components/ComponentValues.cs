using System.Text.Json;
using Selegic.Extensions.Runner.Abi;
using Selegic.Extensions.Runner.Execution;
using Wasmtime.Components;

namespace Selegic.Extensions.Runner.Components;

/// <summary>
/// The request and response records of wasm-js@1 (sdk/js/wit/handler.wit, interface <c>types</c>):
/// the same fields as the wasm@1 envelope, as component values; the response gets the same checks.
/// </summary>
internal static class ComponentValues
{
    public static ComponentValue Request(ExecuteRequest request) => ComponentValue.Record([
        new("kind", ComponentValue.String(request.Action is null ? "http" : "action")),
        new("action", ComponentValue.String(request.Action ?? "")),
        new("request-id", ComponentValue.String(request.RequestId ?? "")),
        new("method", ComponentValue.String(request.Method)),
        new("path", ComponentValue.String(request.Path)),
        new("query", ComponentValue.String(request.Query ?? "")),
        new("params", Pairs(request.RouteParameters ?? new Dictionary<string, string>())),
        new("headers", Pairs(RequestEnvelope.LowerCaseNames(request.Headers ?? new Dictionary<string, string>()))),
        new("body", Bytes(request.Body ?? [])),
        new("config", ComponentValue.String(Json(request.Config))),
        new("user", ComponentValue.String(Json(request.User))),
        new("installation", ComponentValue.String(request.Installation is { } i
            ? JsonSerializer.Serialize(new { id = i.Id, tenant = i.Tenant, extension = i.Extension, version = i.Version })
            : "null")),
    ]);

    /// <summary>The <c>response</c> record, checked like the wasm@1 envelope (status, header names and values, body size).</summary>
    public static ExecuteResponse Response(ComponentValue? value, int maxBodyBytes)
    {
        if (value is null || value.Kind != ComponentValueKind.Record)
            throw GuestMemoryAccess.AbiError("handle did not return a response record");
        var status = ResponseEnvelope.CheckStatus(value.Field("status").AsU16());
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var total = 0;
        foreach (var pair in value.Field("headers").AsList())
        {
            var items = pair.AsTuple();
            ResponseEnvelope.AddHeader(headers, items[0].AsString(), items[1].AsString(), ref total);
        }
        var list = value.Field("body").AsList();
        ResponseEnvelope.CheckBodyLength(list.Count, maxBodyBytes);
        var body = new byte[list.Count];
        for (var i = 0; i < body.Length; i++) body[i] = list[i].AsU8();
        return new ExecuteResponse { Status = status, Headers = headers, Body = body };
    }

    private static ComponentValue Pairs(IEnumerable<KeyValuePair<string, string>> map) =>
        ComponentValue.List(map.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => ComponentValue.Tuple([ComponentValue.String(p.Key), ComponentValue.String(p.Value)]))
            .ToArray());

    private static ComponentValue Bytes(byte[] bytes)
    {
        var items = new ComponentValue[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) items[i] = ComponentValue.U8(bytes[i]);
        return ComponentValue.List(items);
    }

    private static string Json(JsonElement? value) =>
        value is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } element ? element.GetRawText() : "null";
}
