using System.Text.Json;
using ChatGrpc.Server.Providers.Development;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Tests.Providers.Development;

public sealed class JsonSchemaInstanceWriterTests
{
    [Fact]
    public void NoParameters_GiveEmptyObject()
    {
        Assert.Equal("{}", JsonSchemaInstanceWriter.CreateArguments(null));
    }

    [Theory]
    [InlineData("""{}""", """{}""")]
    [InlineData("""{"type": "object", "properties": {}}""", """{}""")]
    [InlineData(
        """{"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}, "c": {"type": "number"}, "d": {"type": "boolean"}, "e": {"type": "null"}, "f": {}}}""",
        """{"a":"string","b":0,"c":0,"d":false,"e":null,"f":null}""")]
    [InlineData(
        """{"properties": {"nested": {"properties": {"x": {"type": "integer"}}, "required": ["x"]}}, "required": ["nested", "undeclared"]}""",
        """{"nested":{"x":0},"undeclared":null}""")]
    [InlineData(
        """{"type": "object", "properties": {"unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}, "version": {"const": 2}, "mode": {"enum": [{"k": [1, true]}]}}}""",
        """{"unit":"celsius","version":2,"mode":{"k":[1,true]}}""")]
    [InlineData(
        """{"type": "object", "properties": {"maybe": {"type": ["null", "integer"]}, "never": {"type": ["null"]}}}""",
        """{"maybe":0,"never":null}""")]
    public void Schema_GivesPlainestInstance(string schema, string expected)
    {
        Assert.Equal(expected, Arguments(schema));
    }

    [Fact]
    public void ConstAndEnumNumbers_AreCopiedInTheCodecsForm_WholeNumbersAsIntegers()
    {
        // Copied through ProtoStructJson, as every value the gateway writes: a double's own form would be 1E+15.
        Assert.Equal(
            """{"big":1000000000000000,"first":-7,"half":0.5}""",
            Arguments("""{"type": "object", "properties": {"big": {"const": 1000000000000000}, "first": {"enum": [-7, 1]}, "half": {"const": 0.5}}}"""));
    }

    [Theory]
    [InlineData("""{"type": "integer", "minimum": 3}""", "3")]
    [InlineData("""{"type": "integer", "minimum": 2.5}""", "3")]
    [InlineData("""{"type": "integer", "exclusiveMinimum": 3}""", "4")]
    [InlineData("""{"type": "integer", "minimum": 0, "exclusiveMinimum": true}""", "1")]
    [InlineData("""{"type": "integer", "maximum": -2}""", "-2")]
    [InlineData("""{"type": "integer", "exclusiveMaximum": -2}""", "-3")]
    [InlineData("""{"type": "integer", "minimum": -5, "maximum": 5}""", "0")]
    [InlineData("""{"type": "number", "minimum": 0.5}""", "0.5")]
    [InlineData("""{"type": "number", "exclusiveMinimum": 0.5, "maximum": 1}""", "0.75")]
    [InlineData("""{"type": "number", "exclusiveMinimum": 2}""", "3")]
    [InlineData("""{"type": "number", "minimum": 1, "exclusiveMinimum": 1}""", "2")]
    [InlineData("""{"type": "string", "minLength": 10}""", "\"stringxxxx\"")]
    [InlineData("""{"type": "string", "maxLength": 3}""", "\"str\"")]
    [InlineData("""{"type": "string", "format": "date-time"}""", "\"1970-01-01T00:00:00Z\"")]
    [InlineData("""{"type": "string", "enum": ["°C + 'ß'"]}""", "\"°C + 'ß'\"")]
    [InlineData("""{"type": "string", "format": "email"}""", "\"user@example.com\"")]
    [InlineData("""{"type": "string", "format": "uuid"}""", "\"00000000-0000-0000-0000-000000000000\"")]
    [InlineData("""{"type": "array", "minItems": 2, "items": {"type": "integer", "minimum": 7}}""", "[7,7]")]
    [InlineData("""{"type": "array", "minItems": 3, "prefixItems": [{"type": "string"}, {"type": "boolean"}], "items": {"type": "number"}}""", "[\"string\",false,0]")]
    [InlineData("""{"type": "array", "items": {"type": "string"}}""", "[]")]
    public void PropertyConstraints_AreSatisfied(string propertySchema, string expectedValue)
    {
        Assert.Equal("{\"p\":" + expectedValue + "}", Arguments("{\"type\": \"object\", \"properties\": {\"p\": " + propertySchema + "}}"));
    }

    [Fact]
    public void PydanticStyleSchema_FollowsLocalReferencesAndPrefersNonNullAlternatives()
    {
        const string schema = """
            {
              "$defs": {
                "Unit": {"enum": ["c", "f"], "type": "string"},
                "Place": {
                  "type": "object",
                  "properties": {"name": {"type": "string"}, "unit": {"$ref": "#/$defs/Unit"}},
                  "required": ["name", "unit"]
                }
              },
              "type": "object",
              "properties": {
                "place": {"$ref": "#/$defs/Place"},
                "backup": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/Place"}], "default": null},
                "legacy": {"allOf": [{"$ref": "#/definitions/Legacy"}]}
              },
              "definitions": {"Legacy": {"type": "boolean"}},
              "required": ["place"]
            }
            """;

        Assert.Equal(
            """{"place":{"name":"string","unit":"c"},"backup":{"name":"string","unit":"c"},"legacy":false}""",
            Arguments(schema));
    }

    [Fact]
    public void RecursiveSchema_LeavesOutOptionalCyclesAndEnds()
    {
        const string schema = """
            {
              "$defs": {
                "Node": {
                  "type": "object",
                  "properties": {
                    "name": {"type": "string"},
                    "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
                    "parent": {"anyOf": [{"$ref": "#/$defs/Node"}, {"type": "null"}]},
                    "self": {"$ref": "#"}
                  },
                  "required": ["name", "children"]
                }
              },
              "type": "object",
              "properties": {"root": {"$ref": "#/$defs/Node"}},
              "required": ["root"]
            }
            """;

        Assert.Equal("""{"root":{"name":"string","children":[]}}""", Arguments(schema));
    }

    [Theory]
    [InlineData("""{"type": "object", "properties": {"me": {"$ref": "#"}}, "required": ["me"]}""")]
    [InlineData("""{"$defs": {"A": {"$ref": "#/$defs/A"}}, "type": "object", "properties": {"a": {"$ref": "#/$defs/A"}}, "required": ["a"]}""")]
    [InlineData("""{"$defs": {"N": {"type": "array", "minItems": 2, "items": {"$ref": "#/$defs/N"}}}, "type": "object", "properties": {"n": {"$ref": "#/$defs/N"}}, "required": ["n"]}""")]
    [InlineData("""{"type": "object", "properties": {"gone": {"$ref": "#/$defs/Missing"}, "remote": {"$ref": "https://example.com/schema.json"}}, "required": ["gone", "remote"]}""")]
    public void UnsatisfiableOrUnresolvableSchema_StillGivesJsonObject(string schema)
    {
        using var arguments = JsonDocument.Parse(Arguments(schema));

        Assert.Equal(JsonValueKind.Object, arguments.RootElement.ValueKind);
    }

    [Fact]
    public void DeeplyNestedSchema_IsCutAtDepthLimit()
    {
        var schema = "{\"type\": \"string\"}";
        for (var level = 0; level < 40; level++)
        {
            schema = "{\"type\": \"object\", \"properties\": {\"n\": " + schema + "}, \"required\": [\"n\"]}";
        }

        var arguments = Arguments(schema);

        Assert.Equal(string.Concat(Enumerable.Repeat("{\"n\":", 32)) + "{}" + new string('}', 32), arguments);
    }

    // Deep enough for the depth-limit test, which nests deeper than protobuf's default limit of 100.
    [Fact]
    public void HugeConstOrEnumValue_IsNotCopiedIntoTheArguments()
    {
        var huge = new string('c', 100_000);

        var arguments = Arguments($$$"""{"type":"object","properties":{"a":{"type":"string","const":"{{{huge}}}"},"b":{"type":"string","enum":["{{{huge}}}"]}},"required":["a","b"]}""");

        Assert.Equal("""{"a":"string","b":"string"}""", arguments);
    }

    private static readonly JsonParser s_deepParser = new(JsonParser.Settings.Default.WithRecursionLimit(1000));

    private static string Arguments(string schemaJson) => JsonSchemaInstanceWriter.CreateArguments(s_deepParser.Parse<Struct>(schemaJson));
}
