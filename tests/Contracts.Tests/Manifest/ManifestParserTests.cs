using System.Text.Json;
using System.Text.Json.Nodes;
using Selegic.Extensions.Contracts.Errors;
using Selegic.Extensions.Contracts.Manifest;
using Selegic.Extensions.Contracts.Tests.Support;

namespace Selegic.Extensions.Contracts.Tests.Manifest;

public sealed class ManifestParserTests
{
    private const string Full = """
        {
          "slug": "vacation-trip",
          "name": "Vacation trip",
          "version": "1.3.0-beta.2",
          "description": "Plan trips\nwith friends",
          "publisher": "Selegic",
          "runtime": "wasm@1",
          "handler": "handler/main.wasm",
          "capabilities": ["cap:storage.kv", "cap:http.fetch", "cap:secrets"],
          "ui": { "type": "iframe", "entry": "ui/index.html" },
          "api": { "endpoints": [
            { "method": "GET", "path": "/trips" },
            { "method": "POST", "path": "/trips" },
            { "method": "DELETE", "path": "/trips/:id" },
            { "method": "GET", "path": "/" }
          ] },
          "egress": ["api.weather.example", "*.maps.example.com"],
          "actions": [
            { "name": "createTrip", "description": "Create a trip", "inputSchema": { "type": "object", "properties": { "city": { "type": "string" } }, "required": ["city"] } },
            { "name": "list_trips", "inputSchema": {} }
          ]
        }
        """;

    /// <summary><see cref="Full"/> with one top-level member replaced (or removed when <paramref name="value"/> is null).</summary>
    private static string With(string field, JsonNode? value, bool remove = false)
    {
        var root = JsonNode.Parse(Full)!.AsObject();
        if (remove) root.Remove(field);
        else root[field] = value;
        return root.ToJsonString();
    }

    private static BundleException Refused(string code, string json, string? field = null)
    {
        var e = Refusal.Expect(code, () => ManifestParser.Parse(json));
        if (field is not null) Assert.Equal(field, e.Field);
        return e;
    }

    [Fact]
    public void A_full_manifest_is_parsed()
    {
        var m = ManifestParser.Parse(Full);
        Assert.Equal("vacation-trip", m.Slug);
        Assert.Equal("Vacation trip", m.Name);
        Assert.Equal("1.3.0-beta.2", m.Version);
        Assert.Equal("Plan trips\nwith friends", m.Description);
        Assert.Equal("Selegic", m.Publisher);
        Assert.Equal("wasm@1", m.Runtime);
        Assert.Equal("handler/main.wasm", m.Handler);
        Assert.Equal(["cap:storage.kv", "cap:http.fetch", "cap:secrets"], m.Capabilities);
        Assert.Equal(new ManifestUi("iframe", "ui/index.html"), m.Ui);
        Assert.Equal(new ManifestEndpoint("DELETE", "/trips/:id"), m.Endpoints[2]);
        Assert.Equal(4, m.Endpoints.Count);
        Assert.Equal(["api.weather.example", "*.maps.example.com"], m.Egress);
        Assert.Equal("createTrip", m.Actions[0].Name);
        Assert.Equal("Create a trip", m.Actions[0].Description);
        Assert.Equal("string", m.Actions[0].InputSchema.GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
        Assert.Null(m.Actions[1].Description);
        Assert.Equal(JsonValueKind.Object, m.Actions[1].InputSchema.ValueKind);
    }

    [Fact]
    public void A_minimal_manifest_has_empty_lists()
    {
        var m = ManifestParser.Parse("""{"slug":"tiny","name":"Tiny","version":"0.0.1","runtime":"wasm@1","handler":"h.wasm"}""");
        Assert.Empty(m.Capabilities);
        Assert.Empty(m.Endpoints);
        Assert.Empty(m.Egress);
        Assert.Empty(m.Actions);
        Assert.Null(m.Ui);
        Assert.Null(m.Description);
    }

    [Fact]
    public void The_javascript_runtime_is_accepted() =>
        Assert.Equal("wasm-js@1", ManifestParser.Parse("""{"slug":"tiny","name":"Tiny","version":"0.0.1","runtime":"wasm-js@1","handler":"h.wasm"}""").Runtime);

    [Fact]
    public void Explicit_null_counts_as_absent_for_optional_fields() =>
        Assert.Null(ManifestParser.Parse(With("description", null)).Description);

    [Fact]
    public void A_utf8_byte_order_mark_is_accepted() =>
        Assert.Equal("vacation-trip", ManifestParser.Parse([0xEF, 0xBB, 0xBF, .. TestArchives.Utf8(Full)]).Slug);

    [Theory]
    [InlineData("permissions", "permissions")]
    [InlineData("Slug", "Slug")]
    [InlineData("entrypoint", "entrypoint")]
    public void Unknown_top_level_fields_are_refused_by_name(string name, string field)
    {
        var e = Refused(ErrorCodes.ManifestUnknownField, With(name, "x"), field);
        Assert.Contains($"'{name}'", e.Message);
    }

    [Theory]
    [InlineData("""{"ui":{"type":"iframe","entry":"ui/index.html","sandbox":"allow-scripts"}}""", "ui.sandbox")]
    [InlineData("""{"api":{"endpoints":[],"auth":"none"}}""", "api.auth")]
    [InlineData("""{"api":{"endpoints":[{"method":"GET","path":"/x","handler":"y"}]}}""", "api.endpoints[0].handler")]
    [InlineData("""{"actions":[{"name":"a","inputSchema":{},"capability":"cap:x"}]}""", "actions[0].capability")]
    public void Unknown_nested_fields_are_refused_with_their_path(string fragment, string field)
    {
        var root = JsonNode.Parse(Full)!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(fragment)!.AsObject().ToList()) root[key] = value?.DeepClone();
        Refused(ErrorCodes.ManifestUnknownField, root.ToJsonString(), field);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"slug":"a",}""")]
    [InlineData("""{"slug":"vacation-trip" /* comment */}""")]
    [InlineData("[]")]
    [InlineData("\"manifest\"")]
    [InlineData("")]
    public void Invalid_json_is_refused(string json) => Refused(ErrorCodes.ManifestInvalidJson, json);

    [Fact]
    public void Invalid_utf8_is_refused_as_invalid_json() =>
        Refusal.Expect(ErrorCodes.ManifestInvalidJson, () => ManifestParser.Parse([(byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}']));

    [Fact]
    public void A_duplicate_field_is_refused() =>
        Refused(ErrorCodes.ManifestInvalid, Full.Replace("\"name\": \"Vacation trip\",", "\"name\": \"Vacation trip\", \"name\": \"Other\","), "name");

    [Fact]
    public void An_oversized_manifest_is_refused() =>
        Refusal.Expect(ErrorCodes.ManifestTooLarge, () => ManifestParser.Parse(new byte[ManifestParser.MaxBytes + 1]));

    [Theory]
    [InlineData("slug")]
    [InlineData("name")]
    [InlineData("version")]
    [InlineData("runtime")]
    public void Required_fields_are_refused_when_missing(string field)
    {
        var e = Refused(ErrorCodes.ManifestInvalid, With(field, null, remove: true), field);
        Assert.Contains("required", e.Message);
    }

    [Theory]
    [InlineData("slug", 42)]
    [InlineData("name", true)]
    [InlineData("handler", 1)]
    public void Fields_of_the_wrong_type_are_refused(string field, object value) =>
        Refused(ErrorCodes.ManifestInvalid, With(field, JsonSerializer.SerializeToNode(value)), field);

    [Theory]
    [InlineData("Vacation-Trip")]
    [InlineData("-trip")]
    [InlineData("trip-")]
    [InlineData("a")]
    [InlineData("trip--x")]
    [InlineData("1trip")]
    [InlineData("trip_x")]
    [InlineData("../etc")]
    [InlineData("")]
    public void Bad_slugs_are_refused(string slug) => Refused(ErrorCodes.InvalidSlug, With("slug", slug), "slug");

    [Theory]
    [InlineData("1.2")]
    [InlineData("v1.2.0")]
    [InlineData("01.2.0")]
    [InlineData("1.02.0")]
    [InlineData("1.2.00")]
    [InlineData("1.2.0-01")]
    [InlineData("1.2.0-")]
    [InlineData("1.2.0-beta..1")]
    [InlineData("1.2.0+build.5")]
    [InlineData("1.2.0-rc.1+sha.5114f85")]
    [InlineData("1.2.0+")]
    [InlineData("1.2.0 ")]
    [InlineData("latest")]
    public void Bad_versions_are_refused_including_leading_zeros_and_build_metadata(string version) =>
        Refused(ErrorCodes.InvalidVersion, With("version", version), "version");

    [Theory]
    [InlineData("wasm@2")]
    [InlineData("wasm")]
    [InlineData("node@20")]
    [InlineData("WASM@1")]
    [InlineData("wasm-js@2")]
    [InlineData("js@1")]
    public void Unsupported_runtimes_are_refused(string runtime) =>
        Refused(ErrorCodes.ManifestInvalid, With("runtime", runtime), "runtime");

    [Theory]
    [InlineData("storage.kv")]
    [InlineData("cap:")]
    [InlineData("cap:Storage.kv")]
    [InlineData("cap:storage..kv")]
    [InlineData("cap:storage.kv.")]
    [InlineData("cap:storage.*")]
    [InlineData("cap: storage")]
    [InlineData("cap:1storage")]
    public void Bad_capabilities_are_refused(string capability) =>
        Refused(ErrorCodes.ManifestInvalid, With("capabilities", new JsonArray("cap:log", capability)), "capabilities[1]");

    [Fact]
    public void A_repeated_capability_is_refused() =>
        Refused(ErrorCodes.ManifestInvalid, With("capabilities", new JsonArray("cap:log", "cap:log")), "capabilities[1]");

    [Fact]
    public void Capabilities_must_be_strings() =>
        Refused(ErrorCodes.ManifestInvalid, With("capabilities", new JsonArray("cap:log", 3)), "capabilities[1]");

    [Theory]
    [InlineData("get", "/trips", "api.endpoints[0].method")]
    [InlineData("OPTIONS", "/trips", "api.endpoints[0].method")]
    [InlineData("HEAD", "/trips", "api.endpoints[0].method")]
    [InlineData("GET", "trips", "api.endpoints[0].path")]
    [InlineData("GET", "", "api.endpoints[0].path")]
    [InlineData("GET", "/trips/", "api.endpoints[0].path")]
    [InlineData("GET", "/trips//x", "api.endpoints[0].path")]
    [InlineData("GET", "/trips/*", "api.endpoints[0].path")]
    [InlineData("GET", "/trips?x=1", "api.endpoints[0].path")]
    [InlineData("GET", "/trips/../admin", "api.endpoints[0].path")]
    [InlineData("GET", "/trips/:", "api.endpoints[0].path")]
    [InlineData("GET", "/trips/:1d", "api.endpoints[0].path")]
    [InlineData("GET", "/trips/:id/x/:id", "api.endpoints[0].path")]
    [InlineData("GET", "https://evil.example/trips", "api.endpoints[0].path")]
    public void Bad_endpoints_are_refused(string method, string path, string field) =>
        Refused(ErrorCodes.ManifestInvalid, With("api", new JsonObject { ["endpoints"] = new JsonArray(new JsonObject { ["method"] = method, ["path"] = path }) }), field);

    [Fact]
    public void Overlapping_endpoints_are_refused() =>
        Refused(ErrorCodes.ManifestInvalid, With("api", JsonNode.Parse("""{"endpoints":[{"method":"GET","path":"/trips/:id"},{"method":"GET","path":"/trips/:tripId"}]}""")), "api.endpoints[1]");

    [Fact]
    public void Endpoints_without_a_method_are_refused() =>
        Refused(ErrorCodes.ManifestInvalid, With("api", JsonNode.Parse("""{"endpoints":[{"path":"/trips"}]}""")), "api.endpoints[0].method");

    [Theory]
    [InlineData("https://api.example.com")]
    [InlineData("api.example.com/v1")]
    [InlineData("api.example.com:443")]
    [InlineData("*")]
    [InlineData("*.com")]
    [InlineData("api.*.example.com")]
    [InlineData("localhost")]
    [InlineData("10.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("[::1]")]
    [InlineData("API.example.com")]
    [InlineData("-api.example.com")]
    [InlineData("user@api.example.com")]
    public void Bad_egress_hosts_are_refused(string host) =>
        Refused(ErrorCodes.ManifestInvalid, With("egress", new JsonArray(host)), "egress[0]");

    [Theory]
    [InlineData("1create")]
    [InlineData("Create")]
    [InlineData("create.trip")]
    [InlineData("create trip")]
    [InlineData("")]
    public void Bad_action_names_are_refused(string name) =>
        Refused(ErrorCodes.ManifestInvalid, With("actions", new JsonArray(new JsonObject { ["name"] = name, ["inputSchema"] = new JsonObject() })), "actions[0].name");

    [Theory]
    [InlineData("""[{"name":"a"}]""", "actions[0].inputSchema")]
    [InlineData("""[{"name":"a","inputSchema":"object"}]""", "actions[0].inputSchema")]
    [InlineData("""[{"name":"a","inputSchema":{"type":"dictionary"}}]""", "actions[0].inputSchema.type")]
    [InlineData("""[{"name":"a","inputSchema":{"type":7}}]""", "actions[0].inputSchema.type")]
    [InlineData("""[{"name":"a","inputSchema":{}},{"name":"a","inputSchema":{}}]""", "actions[1].name")]
    public void Bad_actions_are_refused(string actions, string field) =>
        Refused(ErrorCodes.ManifestInvalid, With("actions", JsonNode.Parse(actions)), field);

    [Theory]
    [InlineData("/abs/handler.wasm")]
    [InlineData("../handler.wasm")]
    [InlineData(".build/handler.wasm")]
    [InlineData("handler.js")]
    [InlineData("./handler.wasm")]
    [InlineData("bin\\handler.wasm")]
    public void Bad_handler_paths_are_refused(string handler) =>
        Refused(ErrorCodes.ManifestInvalid, With("handler", handler), "handler");

    [Theory]
    [InlineData("""{"type":"popup","entry":"ui/index.html"}""", "ui.type")]
    [InlineData("""{"type":"iframe"}""", "ui.entry")]
    [InlineData("""{"type":"iframe","entry":"../ui/index.html"}""", "ui.entry")]
    [InlineData("""{"type":"iframe","entry":"ui/app.js"}""", "ui.entry")]
    [InlineData("\"ui/index.html\"", "ui")]
    public void Bad_ui_declarations_are_refused(string ui, string field) =>
        Refused(ErrorCodes.ManifestInvalid, With("ui", JsonNode.Parse(ui)), field);

    [Fact]
    public void A_manifest_with_neither_handler_nor_ui_is_refused()
    {
        var root = JsonNode.Parse(Full)!.AsObject();
        root.Remove("handler");
        root.Remove("ui");
        root.Remove("api");
        root.Remove("actions");
        Refused(ErrorCodes.ManifestInvalid, root.ToJsonString(), "handler");
    }

    [Theory]
    [InlineData("api", "api.endpoints")]
    [InlineData("actions", "actions")]
    public void Endpoints_and_actions_need_a_handler(string keep, string field)
    {
        var root = JsonNode.Parse(Full)!.AsObject();
        root.Remove("handler");
        root.Remove(keep == "api" ? "actions" : "api");
        Refused(ErrorCodes.ManifestInvalid, root.ToJsonString(), field);
    }

    [Theory]
    [InlineData("name", "")]
    [InlineData("name", "   ")]
    [InlineData("name", "bell\u0007")]
    [InlineData("publisher", "line\nbreak")]
    public void Blank_or_control_character_text_is_refused(string field, string value) =>
        Refused(ErrorCodes.ManifestInvalid, With(field, value), field);

    [Fact]
    public void Overlong_names_are_refused() =>
        Refused(ErrorCodes.ManifestInvalid, With("name", new string('n', ManifestRules.MaxNameLength + 1)), "name");

    /// <summary>JSON punctuation, letters, digits, a control character and bytes that break UTF-8.</summary>
    private static readonly byte[] MutationBytes = [.. " {}[]\",:0a-.*/\\\t"u8, 0x01, 0xC3, 0xFF];

    [Fact]
    public void Mutated_manifests_are_parsed_or_refused_with_a_code_never_another_exception()
    {
        var random = new Random(7);
        var original = TestArchives.Utf8(Full);
        var refused = 0;
        for (var i = 0; i < 3000; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 3); flips > 0; flips--)
                bytes[random.Next(bytes.Length)] = MutationBytes[random.Next(MutationBytes.Length)];
            try
            {
                ManifestParser.Parse(bytes);
            }
            catch (BundleException e)
            {
                Assert.NotNull(ErrorCatalog.Find(e.Code));
                refused++;
            }
        }
        Assert.InRange(refused, 1, 3000);
    }
}
