using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Runner.Abi;

/// <summary>Writes the JSON document a handler receives in scrm_handle (docs/guest-abi.md, "Request").</summary>
internal static class RequestEnvelope
{
    // The envelope is read by the guest's JSON parser, never by a browser: escape only what JSON
    // requires (\" rather than \u0022, non-ASCII as UTF-8): a text body without control characters
    // at most doubles, which the envelope size check allows for.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(ExecuteRequest request)
    {
        using var buffer = new MemoryStream(request.Body.Length + 512);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("abi", GuestAbi.Version);
            json.WriteString("kind", request.Action is null ? "http" : "action");
            if (request.Action is not null) json.WriteString("action", request.Action);
            if (request.RequestId is not null) json.WriteString("requestId", request.RequestId);
            json.WriteString("method", request.Method);
            json.WriteString("path", request.Path);
            json.WriteString("query", request.Query);
            WriteStringMap(json, "params", request.RouteParameters);
            WriteStringMap(json, "headers", LowerCaseNames(request.Headers));
            if (Utf8.IsValid(request.Body)) json.WriteString("body", request.Body);
            else json.WriteBase64String("bodyBase64", request.Body);
            WriteJson(json, "config", request.Config);
            WriteJson(json, "user", request.User);
            if (request.Installation is { } installation)
            {
                json.WriteStartObject("installation");
                json.WriteString("id", installation.Id);
                json.WriteString("tenant", installation.Tenant);
                json.WriteString("extension", installation.Extension);
                json.WriteString("version", installation.Version);
                json.WriteEndObject();
            }
            else json.WriteNull("installation");
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteStringMap(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, string>> map)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
            json.WriteString(key, value);
        json.WriteEndObject();
    }

    /// <summary>Header names in lower case; names that differ only in case are joined as HTTP does (", ").</summary>
    public static IEnumerable<KeyValuePair<string, string>> LowerCaseNames(IReadOnlyDictionary<string, string> headers) =>
        headers.GroupBy(h => h.Key.ToLowerInvariant())
            .Select(g => KeyValuePair.Create(g.Key, string.Join(", ", g.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => h.Value))));

    private static void WriteJson(Utf8JsonWriter json, string name, JsonElement? value)
    {
        json.WritePropertyName(name);
        if (value is { ValueKind: not JsonValueKind.Undefined } element) element.WriteTo(json);
        else json.WriteNullValue();
    }
}
