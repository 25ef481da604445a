using System.Text;
using System.Text.Json;
using Selegic.Extensions.Runner.Execution;

namespace Selegic.Extensions.Runner.Abi;

/// <summary>Reads the JSON document a handler returns from scrm_handle (docs/guest-abi.md, "Response").</summary>
internal static class ResponseEnvelope
{
    private const int MaxHeaders = 64;
    private const int MaxHeaderBytes = 16 * 1024;

    /// <summary>
    /// Throws <see cref="RunnerCodes.ResponseTooLarge"/> when the body (or the envelope) is over
    /// <paramref name="maxBodyBytes"/>, and <see cref="RunnerCodes.HandlerAbiError"/> for anything malformed.
    /// </summary>
    public static (int Status, Dictionary<string, string> Headers, byte[] Body) Read(ReadOnlySpan<byte> envelope, int maxBodyBytes)
    {
        // Base64 and JSON escaping can grow a body; anything beyond this cannot hold a body under the cap.
        if (envelope.Length > (long)maxBodyBytes * 6 + MaxHeaderBytes + 1024)
            throw TooLarge($"the response envelope is {envelope.Length} bytes");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(envelope.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw GuestMemoryAccess.AbiError($"scrm_handle returned malformed JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw GuestMemoryAccess.AbiError("scrm_handle must return a JSON object {\"status\":..., \"headers\":{...}, \"body\":\"...\"}");
            var status = ReadStatus(root);
            var headers = ReadHeaders(root);
            var body = ReadBody(root, maxBodyBytes);
            return (status, headers, body);
        }
    }

    private static int ReadStatus(JsonElement root)
    {
        if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Number
            || !status.TryGetInt32(out var value))
            value = 0;
        return CheckStatus(value);
    }

    private static Dictionary<string, string> ReadHeaders(JsonElement root)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!root.TryGetProperty("headers", out var element) || element.ValueKind == JsonValueKind.Null) return headers;
        if (element.ValueKind != JsonValueKind.Object)
            throw GuestMemoryAccess.AbiError("the response's \"headers\" must be an object of strings");
        var total = 0;
        foreach (var header in element.EnumerateObject())
        {
            if (header.Value.ValueKind != JsonValueKind.String)
                throw GuestMemoryAccess.AbiError($"response header '{header.Name}' must be a string");
            AddHeader(headers, header.Name, header.Value.GetString()!, ref total);
        }
        return headers;
    }

    private static byte[] ReadBody(JsonElement root, int maxBodyBytes)
    {
        var hasText = root.TryGetProperty("body", out var text) && text.ValueKind != JsonValueKind.Null;
        var hasBase64 = root.TryGetProperty("bodyBase64", out var base64) && base64.ValueKind != JsonValueKind.Null;
        if (hasText && hasBase64)
            throw GuestMemoryAccess.AbiError("the response has both \"body\" and \"bodyBase64\"");
        byte[] body;
        if (hasText)
        {
            if (text.ValueKind != JsonValueKind.String) throw GuestMemoryAccess.AbiError("the response's \"body\" must be a string");
            body = Encoding.UTF8.GetBytes(text.GetString()!);
        }
        else if (hasBase64)
        {
            if (base64.ValueKind != JsonValueKind.String || !base64.TryGetBytesFromBase64(out var decoded))
                throw GuestMemoryAccess.AbiError("the response's \"bodyBase64\" must be a base64 string");
            body = decoded;
        }
        else body = [];
        return CheckBody(body, maxBodyBytes);
    }

    /// <summary>Adds one response header after the checks both guest ABIs share (token name, no CR/LF/NUL, count and size caps, no duplicates).</summary>
    public static void AddHeader(Dictionary<string, string> headers, string name, string value, ref int total)
    {
        if (!IsToken(name))
            throw GuestMemoryAccess.AbiError($"response header name '{name}' is not a valid HTTP token");
        if (value.Any(c => c is '\r' or '\n' or '\0'))
            throw GuestMemoryAccess.AbiError($"response header '{name}' contains CR, LF or NUL");
        total += name.Length + value.Length;
        if (headers.Count == MaxHeaders || total > MaxHeaderBytes)
            throw GuestMemoryAccess.AbiError($"the response has more than {MaxHeaders} headers or {MaxHeaderBytes} bytes of them");
        if (!headers.TryAdd(name, value))
            throw GuestMemoryAccess.AbiError($"response header '{name}' appears twice");
    }

    /// <summary>Throws unless <paramref name="status"/> is an HTTP status (100-599).</summary>
    public static int CheckStatus(int status) =>
        status is < 100 or > 599 ? throw GuestMemoryAccess.AbiError("the response's \"status\" must be an integer from 100 to 599") : status;

    /// <summary>Throws <see cref="RunnerCodes.ResponseTooLarge"/> when the body is over the limit.</summary>
    public static byte[] CheckBody(byte[] body, int maxBodyBytes)
    {
        CheckBodyLength(body.Length, maxBodyBytes);
        return body;
    }

    /// <summary>As <see cref="CheckBody"/>, before the body is copied out of the guest.</summary>
    public static void CheckBodyLength(int length, int maxBodyBytes)
    {
        if (length > maxBodyBytes) throw TooLarge($"the response body is {length} bytes");
    }

    private static RunnerException TooLarge(string what) =>
        new(RunnerCodes.ResponseTooLarge, $"{what}, over the response limit");

    private static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));
}
