using ChatGrpc.Server.OpenAi.Writing;

namespace ChatGrpc.Tests.OpenAi.Writing;

public class TaggedObjectJsonTests
{
    [Fact]
    public void WriteTagged_NamesThePayloadAfterTheType()
    {
        var written = WrittenJson.Of(writer => writer.WriteTagged("image_url"u8, "https://example.com", static (writer, url) => writer.WriteString("url"u8, url)));

        Assert.Equal("""{"type":"image_url","image_url":{"url":"https://example.com"}}""", written);
    }

    [Fact]
    public void WriteTaggedOrNull_WritesNullForAMemberNotSet()
    {
        var written = WrittenJson.Of(writer =>
        {
            writer.WriteStartArray();
            writer.WriteTaggedOrNull("approximate"u8, "Paris", static (writer, city) => writer.WriteString("city"u8, city));
            writer.WriteTaggedOrNull<string>("approximate"u8, null, static (writer, city) => writer.WriteString("city"u8, city));
            writer.WriteEndArray();
        });

        Assert.Equal("""[{"type":"approximate","approximate":{"city":"Paris"}},null]""", written);
    }

    [Fact]
    public void WriteTypeAndPayload_WritesIntoTheOpenObject_AfterItsOwnKeys()
    {
        var written = WrittenJson.Of(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("id"u8, "call-1");
            writer.WriteTypeAndPayload("custom"u8, "sql", static (writer, name) => writer.WriteString("name"u8, name));
            writer.WriteEndObject();
        });

        Assert.Equal("""{"id":"call-1","type":"custom","custom":{"name":"sql"}}""", written);
    }

    [Fact]
    public void WriteTaggedString_PutsTheStringUnderTheTypesKey()
    {
        Assert.Equal("""{"type":"refusal","refusal":"No."}""", WrittenJson.Of(writer => writer.WriteTaggedString("refusal"u8, "No.")));
    }

    [Fact]
    public void WriteTypeOnly_WritesJustTheTag()
    {
        Assert.Equal("""{"type":"json_object"}""", WrittenJson.Of(writer => writer.WriteTypeOnly("json_object"u8)));
    }
}
