using System.Buffers;
using System.Text;
using ChatGrpc.Server.OpenAi.Responses;
using ChatGrpc.V1;

namespace ChatGrpc.Tests.OpenAi.Responses;

public sealed class OpenAiChunkReaderTests
{
    private static ChatCompletionChunk Read(string json) => OpenAiChunkReader.Read(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void FirstDeltaOfAToolCall_CarriesRoleIdNameAndEmptyArguments()
    {
        var chunk = Read("""
            {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp",
             "choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":""}}]},"logprobs":null,"finish_reason":null}]}
            """);

        var expected = new ChatCompletionChunk
        {
            Id = "chatcmpl-1",
            Created = 1,
            Model = "m",
            SystemFingerprint = "fp",
            Choices =
            {
                new ChatCompletionChunkChoice
                {
                    Delta = new ChatCompletionDelta
                    {
                        Role = ChatRole.Assistant,
                        ToolCalls = { new ToolCallDelta { Index = 0, Id = "call_1", Function = new FunctionCallDelta { Name = "f", Arguments = string.Empty } } },
                    },
                },
            },
        };
        Assert.Equal(expected, chunk);
    }

    [Fact]
    public void ArgumentDelta_AndFinish_AreRead()
    {
        var delta = Read("""{"id":"c","choices":[{"index":1,"delta":{"tool_calls":[{"index":2,"function":{"arguments":"{\"ci"}}]},"finish_reason":null}]}""");
        var finish = Read("""{"id":"c","choices":[{"index":1,"delta":{},"finish_reason":"tool_calls"}]}""");

        var call = delta.Choices.Single().Delta.ToolCalls.Single();
        Assert.Equal(2, call.Index);
        Assert.False(call.HasId);
        Assert.Equal("{\"ci", call.Function.Arguments);
        Assert.False(call.Function.HasName);
        Assert.Equal(1, finish.Choices.Single().Index);
        Assert.Equal(FinishReason.ToolCalls, finish.Choices.Single().FinishReason);
    }

    [Fact]
    public void UsageChunk_HasNoChoicesAndTheUsage()
    {
        var chunk = Read("""{"id":"c","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}""");

        Assert.Empty(chunk.Choices);
        Assert.Equal(12, chunk.Usage.TotalTokens);
    }

    [Fact]
    public void NullUsage_StaysUnset()
    {
        Assert.Null(Read("""{"id":"c","choices":[{"index":0,"delta":{"content":"x"}}],"usage":null}""").Usage);
    }
}
