using System.Text;
using System.Text.Json;
using Selegic.Extensions.Runner.Execution;
using Selegic.Extensions.Runner.Modules;
using Selegic.Extensions.Runner.Tests.Infrastructure;

namespace Selegic.Extensions.Runner.Tests.Sdk;

/// <summary>
/// Request bodies near the default 1 MiB limit, full of small objects and escapes, through both SDKs'
/// JSON code under the default limits (64 MiB memory, 10¹¹ fuel). The body reaches the guest escaped
/// a second time inside the request envelope, so a parser that is quadratic in escapes runs out of
/// memory long before this (the AssemblyScript SDK once did at 12 KB).
/// </summary>
public sealed class LargeJsonBodyTests
{
    private readonly InMemoryModuleSource _source = new();
    private readonly LocalRunner _runner;

    public LargeJsonBodyTests() => _runner = new LocalRunner(_source, new ActionInvokerTestDouble());

    /// <summary>Just under 1 MiB of <c>[{"n":0},{"s":"q\"\\é"},{"n":2,"s":"\u00e9\n"},…]</c>: about 60,000 objects.</summary>
    public static string NearLimitBody(int limitBytes = 1024 * 1024)
    {
        var json = new StringBuilder("[");
        var bytes = 2; // the brackets
        for (var i = 0; ; i++)
        {
            var item = (i % 3) switch
            {
                0 => $$"""{"n":{{i}}}""",
                1 => """{"s":"q\"\\é"}""",
                _ => $$"""{"n":{{i}},"s":"\u00e9\n"}""",
            };
            var itemBytes = Encoding.UTF8.GetByteCount(item) + (i > 0 ? 1 : 0);
            if (bytes + itemBytes > limitBytes) break;
            if (i > 0) json.Append(',');
            json.Append(item);
            bytes += itemBytes;
        }
        return json.Append(']').ToString();
    }

    [Fact]
    public void The_body_is_near_the_limit_with_tens_of_thousands_of_objects()
    {
        var body = NearLimitBody();
        var bytes = Encoding.UTF8.GetByteCount(body);
        Assert.InRange(bytes, 1024 * 1024 - 32, 1024 * 1024);
        Assert.InRange(JsonDocument.Parse(body).RootElement.GetArrayLength(), 55_000, 80_000);
    }

    [Fact]
    public async Task AssemblyScript_parses_and_reserializes_a_1_MiB_body_of_small_objects()
    {
        var body = NearLimitBody();
        var handler = _source.Add(HandlerCompilers.AssemblyScript("AssemblyScript/handler.ts"));

        var response = await _runner.ExecuteAsync(Post(handler, "/json", body));

        Assert.True(response.Succeeded, response.Message);
        Assert.Equal(200, response.Status);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(body).RootElement, JsonDocument.Parse(response.Body).RootElement));
    }

    [Fact]
    public async Task AssemblyScript_decodes_every_escape_and_reencodes_what_must_be_escaped()
    {
        const string body = """{"all":"\"\\\/\b\f\n\r\t\u0000\u001f\u00e9\u20AC\ud83d\ude00 raw é€😀","k\"ey":[true,false,null,-1.5e3,0]}""";
        var handler = _source.Add(HandlerCompilers.AssemblyScript("AssemblyScript/handler.ts"));

        var response = await _runner.ExecuteAsync(Post(handler, "/json", body));

        Assert.True(response.Succeeded, response.Message);
        Assert.Equal(200, response.Status);
        using var echoed = JsonDocument.Parse(response.Body);
        Assert.Equal("\"\\/\b\f\n\r\t\u0000\u001fé€😀 raw é€😀", echoed.RootElement.GetProperty("all").GetString());
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(body).RootElement, echoed.RootElement));
    }

    [Theory]
    [InlineData("""{"a":"\x"}""")]
    [InlineData("""{"a":"\u12"}""")]
    [InlineData("""{"a":"\u12G4"}""")]
    [InlineData("""{"a":"unterminated""")]
    [InlineData("""{"a":"ends in a backslash\""")]
    [InlineData("{\"a\":\"raw\nnewline\"}")]
    public async Task AssemblyScript_refuses_a_malformed_string_with_a_parse_error(string body)
    {
        var handler = _source.Add(HandlerCompilers.AssemblyScript("AssemblyScript/handler.ts"));

        var response = await _runner.ExecuteAsync(Post(handler, "/json", body));

        Assert.True(response.Succeeded, response.Message);
        Assert.Equal(400, response.Status);
        Assert.Equal("invalid_json", JsonDocument.Parse(response.Body).RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task C_unescapes_and_echoes_a_1_MiB_body_of_small_objects(bool wasi)
    {
        var body = NearLimitBody();
        var handler = _source.Add(HandlerCompilers.C("C/handler.c", wasi));

        var response = await _runner.ExecuteAsync(Post(handler, "/echo", body) with
        {
            RouteParameters = new Dictionary<string, string> { ["id"] = "1" }, // the echo handler copies it raw into its answer
        });

        Assert.True(response.Succeeded, response.Message);
        Assert.Equal(200, response.Status);
        Assert.Equal(body, JsonDocument.Parse(response.Body).RootElement.GetProperty("body").GetString());
    }

    private static ExecuteRequest Post(ModuleReference handler, string path, string body) =>
        Requests.Get(handler, path) with { Method = "POST", Body = Encoding.UTF8.GetBytes(body) };
}
