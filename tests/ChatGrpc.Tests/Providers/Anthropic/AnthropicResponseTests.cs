using System.Text;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Providers.Anthropic;
using ChatGrpc.Server.Providers.Http;
using ChatGrpc.V1;

namespace ChatGrpc.Tests.Providers.Anthropic;

public sealed class AnthropicResponseTests
{
    [Fact]
    public void Message_IsReadAsACompletion_WithToolCallsFinishReasonUsageAndThinkingAsReasoning()
    {
        var json = """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"thinking","thinking":"...","signature":"s"},{"type":"text","text":"Let me "},{"type":"text","text":"check."},
                        {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":10,"cache_creation_input_tokens":5,"cache_read_input_tokens":20,"output_tokens":7}}
            """;

        var completion = AnthropicResponseReader.Read(Encoding.UTF8.GetBytes(json), created: 1700000000);

        var expected = new ChatCompletion
        {
            Id = "msg_1",
            Created = 1700000000,
            Model = "claude-sonnet-4-5",
            Choices =
            {
                new ChatCompletionChoice
                {
                    FinishReason = FinishReason.ToolCalls,
                    Message = new ChatCompletionMessage
                    {
                        Content = "Let me check.",
                        ReasoningContent = "...",
                        ToolCalls = { new ToolCall { Id = "toolu_1", Function = new FunctionCall { Name = "get_weather", Arguments = "{\"city\":\"Paris\"}" } } },
                    },
                },
            },
            Usage = new Usage { PromptTokens = 35, CompletionTokens = 7, TotalTokens = 42, PromptTokensDetails = new PromptTokensDetails { CachedTokens = 20 } },
        };
        Assert.Equal(expected, completion);
    }

    [Theory]
    [InlineData("end_turn", FinishReason.Stop)]
    [InlineData("stop_sequence", FinishReason.Stop)]
    [InlineData("max_tokens", FinishReason.Length)]
    [InlineData("tool_use", FinishReason.ToolCalls)]
    [InlineData("refusal", FinishReason.ContentFilter)]
    public void StopReasons_AreFinishReasons(string stopReason, FinishReason expected)
    {
        Assert.Equal(expected, AnthropicStopReasons.ToFinishReason(stopReason));
    }

    [Fact]
    public void StreamEvents_BecomeChunks_WithToolArgumentDeltasAndTheUsageChunk()
    {
        string[] events =
        [
            """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[],"stop_reason":null,"usage":{"input_tokens":12,"cache_read_input_tokens":3,"output_tokens":1}}}""",
            """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
            """{"type":"ping"}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}""",
            """{"type":"content_block_stop","index":0}""",
            """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}}""",
            """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"ci"}}""",
            """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"ty\":\"Paris\"}"}}""",
            """{"type":"content_block_stop","index":1}""",
            """{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":9}}""",
            """{"type":"message_stop"}""",
        ];
        var translator = new AnthropicStreamTranslator("anthropic/claude", UpstreamMessageScrubber.ShapesOnly, created: 5, includeUsage: true);

        var chunks = events.Select(e => translator.Translate(Encoding.UTF8.GetBytes(e))).OfType<ChatCompletionChunk>().ToList();

        Assert.True(translator.Stopped);
        Assert.Equal(7, chunks.Count);
        Assert.All(chunks, static c => Assert.Equal("msg_1", c.Id));
        Assert.Equal(new ChatCompletionDelta { Role = ChatRole.Assistant, Content = string.Empty }, chunks[0].Choices.Single().Delta);
        Assert.Equal("Hi", chunks[1].Choices.Single().Delta.Content);
        Assert.Equal(new ToolCallDelta { Index = 0, Id = "toolu_1", Function = new FunctionCallDelta { Name = "get_weather", Arguments = string.Empty } }, chunks[2].Choices.Single().Delta.ToolCalls.Single());
        Assert.Equal("{\"city\":\"Paris\"}", chunks[3].Choices.Single().Delta.ToolCalls.Single().Function.Arguments + chunks[4].Choices.Single().Delta.ToolCalls.Single().Function.Arguments);
        Assert.Equal(FinishReason.ToolCalls, chunks[5].Choices.Single().FinishReason);
        Assert.Empty(chunks[6].Choices);
        Assert.Equal(new Usage { PromptTokens = 15, CompletionTokens = 9, TotalTokens = 24, PromptTokensDetails = new PromptTokensDetails { CachedTokens = 3 } }, chunks[6].Usage);
    }

    [Fact]
    public void ThinkingDeltas_BecomeReasoningContent_SignaturesNothing()
    {
        var translator = new AnthropicStreamTranslator("anthropic/claude", UpstreamMessageScrubber.ShapesOnly, created: 5, includeUsage: false);
        translator.Translate("""{"type":"message_start","message":{"id":"msg_1","model":"claude","usage":{"input_tokens":1}}}"""u8.ToArray());

        var thinking = translator.Translate("""{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Six times seven."}}"""u8.ToArray());
        var signature = translator.Translate("""{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"abc"}}"""u8.ToArray());

        Assert.Equal(new ChatCompletionDelta { ReasoningContent = "Six times seven." }, thinking!.Choices.Single().Delta);
        Assert.Null(signature);
    }

    [Fact]
    public void ErrorEvent_IsThrownWithTheUpstreamsMessage()
    {
        var translator = new AnthropicStreamTranslator("anthropic/claude", UpstreamMessageScrubber.ShapesOnly, created: 5, includeUsage: false);

        var error = Assert.Throws<ChatCompletionException>(() => translator.Translate("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""u8.ToArray()));

        Assert.Equal(ChatErrorKind.UpstreamFailed, error.Kind);
        Assert.Equal("anthropic/claude ended its stream with an error: Overloaded", error.Message);
    }
}
