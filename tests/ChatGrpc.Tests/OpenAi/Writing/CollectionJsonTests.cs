using ChatGrpc.Server.OpenAi.Writing;
using Google.Protobuf.Collections;

namespace ChatGrpc.Tests.OpenAi.Writing;

public class CollectionJsonTests
{
    private static readonly Action<System.Text.Json.Utf8JsonWriter, string> s_writeString = static (writer, value) => writer.WriteStringValue(value);

    [Fact]
    public void WriteArray_WritesEachItemInOrder()
    {
        var items = new RepeatedField<string> { "a", "b" };

        Assert.Equal("""["a","b"]""", WrittenJson.Of(writer => writer.WriteArray(items, s_writeString)));
    }

    [Fact]
    public void WriteArray_Named_WritesTheKeyAndAnEmptyList()
    {
        var written = WrittenJson.Of(writer =>
        {
            writer.WriteStartObject();
            writer.WriteArray("tools"u8, new RepeatedField<string>(), s_writeString);
            writer.WriteEndObject();
        });

        Assert.Equal("""{"tools":[]}""", written);
    }

    [Fact]
    public void WriteItems_AddsToAnArrayAlreadyOpen()
    {
        var written = WrittenJson.Of(writer =>
        {
            writer.WriteStartArray();
            writer.WriteStringValue("first");
            writer.WriteItems(new RepeatedField<string> { "a", "b" }, s_writeString);
            writer.WriteEndArray();
        });

        Assert.Equal("""["first","a","b"]""", written);
    }

    [Fact]
    public void WriteArrayIfAny_LeavesAnEmptyListOut()
    {
        var written = WrittenJson.Of(writer =>
        {
            writer.WriteStartObject();
            writer.WriteArrayIfAny("stop"u8, new RepeatedField<string>(), s_writeString);
            writer.WriteArrayIfAny("modalities"u8, new RepeatedField<string> { "text" }, s_writeString);
            writer.WriteEndObject();
        });

        Assert.Equal("""{"modalities":["text"]}""", written);
    }

    [Fact]
    public void WriteObjectIfAny_WritesEntriesInMapOrder_AndLeavesAnEmptyMapOut()
    {
        var bias = new MapField<string, long> { ["50256"] = -100, ["15"] = 5 };
        var written = WrittenJson.Of(writer =>
        {
            writer.WriteStartObject();
            writer.WriteObjectIfAny("metadata"u8, new MapField<string, string>(), static (writer, key, value) => writer.WriteString(key, value));
            writer.WriteObjectIfAny("logit_bias"u8, bias, static (writer, key, value) => writer.WriteNumber(key, value));
            writer.WriteEndObject();
        });

        Assert.Equal("""{"logit_bias":{"50256":-100,"15":5}}""", written);
    }
}
