using ChatGrpc.Server.OpenAi.Writing;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Tests.OpenAi.Writing;

public class SchemaDefinitionJsonTests
{
    [Fact]
    public void WriteFields_WritesTheSchemaUnderTheGivenKey_AndOptionalKeysOnlyWhenSet()
    {
        var schema = new Struct { Fields = { ["type"] = Value.ForString("object") } };

        var full = WrittenJson.Of(writer =>
        {
            writer.WriteStartObject();
            SchemaDefinitionJson.WriteFields(writer, "answer", hasDescription: true, "The answer", "schema"u8, schema, hasStrict: true, strict: false);
            writer.WriteEndObject();
        });
        var bare = WrittenJson.Of(writer =>
        {
            writer.WriteStartObject();
            SchemaDefinitionJson.WriteFields(writer, "f", hasDescription: false, "", "parameters"u8, null, hasStrict: false, strict: false);
            writer.WriteEndObject();
        });

        Assert.Equal("""{"name":"answer","description":"The answer","schema":{"type":"object"},"strict":false}""", full);
        Assert.Equal("""{"name":"f"}""", bare);
    }
}
