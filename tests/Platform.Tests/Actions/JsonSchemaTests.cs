using System.Text.Json;
using Selegic.Extensions.Platform.Actions.Schema;

namespace Selegic.Extensions.Platform.Tests.Actions;

public sealed class JsonSchemaTests
{
    private static readonly JsonSchema Contact = JsonSchema.Parse("""
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["name", "tags"],
          "properties": {
            "name": { "type": "string", "minLength": 2, "maxLength": 5 },
            "age": { "type": "integer", "minimum": 0, "maximum": 150 },
            "kind": { "enum": ["person", "company"] },
            "code": { "type": "string", "pattern": "^[A-Z]{3}$" },
            "tags": { "type": "array", "maxItems": 2, "items": { "type": "string", "maxLength": 3 } },
            "a/b~c": { "type": ["string", "null"] },
            "extra": { "type": "object", "additionalProperties": { "type": "number" } }
          }
        }
        """);

    private static SchemaViolation? Check(JsonSchema schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        return schema.Validate(document.RootElement);
    }

    [Fact]
    public void A_conforming_input_has_no_violation()
    {
        Assert.Null(Check(Contact, """{"name":"Ann","age":40,"kind":"person","code":"ABC","tags":["a","bcd"],"a/b~c":null,"extra":{"x":1.5}}"""));
    }

    [Theory]
    [InlineData("""[]""", "", "expected object")]
    [InlineData("""{"tags":[]}""", "/name", "is required")]
    [InlineData("""{"name":"A","tags":[]}""", "/name", "at least 2")]
    [InlineData("""{"name":"Annabel","tags":[]}""", "/name", "at most 5")]
    [InlineData("""{"name":"Ann","tags":[],"age":1.5}""", "/age", "expected integer")]
    [InlineData("""{"name":"Ann","tags":[],"age":-1}""", "/age", "at least 0")]
    [InlineData("""{"name":"Ann","tags":[],"age":151}""", "/age", "at most 150")]
    [InlineData("""{"name":"Ann","tags":[],"kind":"robot"}""", "/kind", "one of")]
    [InlineData("""{"name":"Ann","tags":[],"code":"abc"}""", "/code", "pattern")]
    [InlineData("""{"name":"Ann","tags":["a","b","c"]}""", "/tags", "at most 2 items")]
    [InlineData("""{"name":"Ann","tags":["a","long"]}""", "/tags/1", "at most 3")]
    [InlineData("""{"name":"Ann","tags":[],"a/b~c":5}""", "/a~1b~0c", "expected null or string")]
    [InlineData("""{"name":"Ann","tags":[],"extra":{"x":"1"}}""", "/extra/x", "expected number")]
    [InlineData("""{"name":"Ann","tags":[],"surprise":true}""", "/surprise", "not an accepted property")]
    [InlineData("""{"name":"Ann","tags":[],"name":"Bob"}""", "/name", "more than once")]
    public void A_violation_names_the_offending_value_by_json_pointer(string input, string pointer, string message)
    {
        var violation = Check(Contact, input);

        Assert.NotNull(violation);
        Assert.Equal(pointer, violation.Pointer);
        Assert.Contains(message, violation.Message);
    }

    [Theory]
    [InlineData("""{"name":"\ud800","tags":[]}""", "/name", "string")]
    [InlineData("""{"name":"Ann","tags":["\udc00"]}""", "/tags/0", "string")]
    [InlineData("""{"name":"Ann","tags":[],"extra":{"\ud800x":1}}""", "/extra", "member name")]
    public void A_string_with_a_lone_surrogate_is_a_violation_not_an_exception(string input, string pointer, string what)
    {
        var violation = Check(Contact, input);

        Assert.NotNull(violation);
        Assert.Equal(pointer, violation.Pointer);
        Assert.Contains($"{what} that is not Unicode text", violation.Message);
    }

    [Fact]
    public void Invalid_utf8_is_a_violation_even_where_the_schema_accepts_any_value()
    {
        byte[] input = [.. "{\"a\":[\"ok\",\"k"u8, 0xC0, 0xAF, .. "\"]}"u8];
        using var document = JsonDocument.Parse(input);

        var violation = JsonSchema.Parse("{}").Validate(document.RootElement);

        Assert.NotNull(violation);
        Assert.Equal("/a/1", violation.Pointer);
    }

    [Fact]
    public void String_lengths_count_code_points_not_utf16_units()
    {
        var schema = JsonSchema.Parse("""{ "type": "string", "maxLength": 2 }""");

        Assert.Null(Check(schema, "\"😀😀\""));
        Assert.NotNull(Check(schema, "\"😀😀😀\""));
    }

    [Theory]
    [InlineData("""{ "type": "object", "oneOf": [] }""", "/oneOf")]
    [InlineData("""{ "type": "strnig" }""", "/type")]
    [InlineData("""{ "properties": { "a": { "minLength": -1 } } }""", "/properties/a/minLength")]
    [InlineData("""{ "pattern": "(" }""", "/pattern")]
    [InlineData("""{ "required": "a" }""", "/required")]
    [InlineData("""{ "enum": [] }""", "/enum")]
    [InlineData("""[]""", "")]
    public void A_schema_outside_the_supported_subset_is_refused_with_the_keyword_pointer(string schema, string pointer)
    {
        var error = Assert.Throws<JsonSchemaException>(() => JsonSchema.Parse(schema));

        Assert.Equal(pointer, error.Pointer);
    }

    [Fact]
    public void Annotations_are_accepted_and_ignored()
    {
        var schema = JsonSchema.Parse("""{ "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "t", "description": "d", "default": 1, "type": "integer" }""");

        Assert.Null(Check(schema, "3"));
        Assert.NotNull(Check(schema, "\"3\""));
    }
}
