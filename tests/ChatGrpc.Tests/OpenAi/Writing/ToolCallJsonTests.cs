using System.Text.Json;
using ChatGrpc.Server.OpenAi.Writing;
using ChatGrpc.V1;
using Google.Protobuf.Collections;

namespace ChatGrpc.Tests.OpenAi.Writing;

/// <summary>A request carries back only the keys its caller set; an answer always has the ones the SDKs require.</summary>
public class ToolCallJsonTests
{
    private static readonly RepeatedField<ToolCall> s_callsWithUnsetKeys =
    [
        new ToolCall { Id = "call-1", Function = new FunctionCall { Name = "f" } },
        new ToolCall { Id = "call-2", Custom = new CustomToolCall { Input = "SELECT 1" } },
        new ToolCall { Id = "call-3" },
    ];

    private static string InObject(Action<Utf8JsonWriter> write) => WrittenJson.Of(writer =>
    {
        writer.WriteStartObject();
        write(writer);
        writer.WriteEndObject();
    });

    [Fact]
    public void WriteToolCalls_InARequest_LeavesUnsetKeysOut()
    {
        WrittenJson.AssertEqual(
            """
            {"tool_calls": [
              {"id": "call-1", "type": "function", "function": {"name": "f"}},
              {"id": "call-2", "type": "custom", "custom": {"input": "SELECT 1"}},
              null
            ]}
            """,
            InObject(writer => ToolCallJson.WriteToolCalls(writer, s_callsWithUnsetKeys, keysRequired: false)));
    }

    [Fact]
    public void WriteToolCalls_InAnAnswer_WritesUnsetKeysAsEmptyStrings()
    {
        WrittenJson.AssertEqual(
            """
            {"tool_calls": [
              {"id": "call-1", "type": "function", "function": {"name": "f", "arguments": ""}},
              {"id": "call-2", "type": "custom", "custom": {"name": "", "input": "SELECT 1"}},
              null
            ]}
            """,
            InObject(writer => ToolCallJson.WriteToolCalls(writer, s_callsWithUnsetKeys, keysRequired: true)));
    }

    [Fact]
    public void WriteToolCalls_LeavesAnEmptyListOut()
    {
        Assert.Equal("{}", InObject(writer => ToolCallJson.WriteToolCalls(writer, [], keysRequired: true)));
    }

    [Fact]
    public void WriteFunctionCall_FollowsTheSameKeyPolicy_AndIsLeftOutWhenAbsent()
    {
        var call = new FunctionCall { Arguments = "{}" };

        Assert.Equal("""{"function_call":{"arguments":"{}"}}""", InObject(writer => ToolCallJson.WriteFunctionCall(writer, call, keysRequired: false)));
        Assert.Equal("""{"function_call":{"name":"","arguments":"{}"}}""", InObject(writer => ToolCallJson.WriteFunctionCall(writer, call, keysRequired: true)));
        Assert.Equal("{}", InObject(writer => ToolCallJson.WriteFunctionCall(writer, null, keysRequired: true)));
    }
}
