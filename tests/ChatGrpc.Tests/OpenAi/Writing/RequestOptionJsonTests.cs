using ChatGrpc.Server.OpenAi.Writing;

namespace ChatGrpc.Tests.OpenAi.Writing;

/// <summary>The format writer a response format and a custom tool's format share.</summary>
public class RequestOptionJsonTests
{
    private static readonly Action<System.Text.Json.Utf8JsonWriter, string> s_writeDefinition = static (writer, definition) => writer.WriteString("definition"u8, definition);

    [Fact]
    public void WriteFormat_Text_IsTheTypeAlone()
    {
        Assert.Equal("""{"type":"text"}""", WrittenJson.Of(writer => RequestOptionJson.WriteFormat(writer, isText: true, "grammar"u8, null, s_writeDefinition)));
    }

    [Fact]
    public void WriteFormat_Structured_IsATaggedObject()
    {
        Assert.Equal(
            """{"type":"grammar","grammar":{"definition":"start: x"}}""",
            WrittenJson.Of(writer => RequestOptionJson.WriteFormat(writer, isText: false, "grammar"u8, "start: x", s_writeDefinition)));
    }

    [Fact]
    public void WriteFormat_NeitherSet_IsNull()
    {
        Assert.Equal("null", WrittenJson.Of(writer => RequestOptionJson.WriteFormat(writer, isText: false, "grammar"u8, null, s_writeDefinition)));
    }
}
