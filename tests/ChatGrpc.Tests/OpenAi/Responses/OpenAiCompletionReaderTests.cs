using System.Buffers;
using System.Text;
using System.Text.Json;
using ChatGrpc.Server.OpenAi.Responses;
using ChatGrpc.V1;

namespace ChatGrpc.Tests.OpenAi.Responses;

public sealed class OpenAiCompletionReaderTests
{
    private static ChatCompletion Read(string json) => OpenAiCompletionReader.Read(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void FullAnswer_IsReadIntoEveryProtoField()
    {
        var completion = Read("""
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hi","refusal":null,
               "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
                             {"id":"call_2","type":"custom","custom":{"name":"sql","input":"SELECT 1"}}],
               "audio":{"id":"audio_1","expires_at":1700003600,"data":"UklGRg==","transcript":"Hi"},
               "annotations":[{"type":"url_citation","url_citation":{"start_index":0,"end_index":2,"title":"T","url":"https://example.com"}},{"type":"future_kind","future_kind":{}}]},
               "logprobs":{"content":[{"token":"Hi","logprob":-0.5,"bytes":[72,105],"top_logprobs":[{"token":"Hi","logprob":-0.5,"bytes":[72,105]}]}],"refusal":null},
               "finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":10,"completion_tokens":3,"total_tokens":13,"prompt_tokens_details":{"cached_tokens":2,"audio_tokens":0},
                      "completion_tokens_details":{"reasoning_tokens":1,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
             "system_fingerprint":"fp_1","service_tier":"default"}
            """);

        var expected = new ChatCompletion
        {
            Id = "chatcmpl-1",
            Created = 1700000000,
            Model = "gpt-4o-2024-08-06",
            SystemFingerprint = "fp_1",
            ServiceTier = ServiceTier.Default,
            Usage = new Usage
            {
                PromptTokens = 10,
                CompletionTokens = 3,
                TotalTokens = 13,
                PromptTokensDetails = new PromptTokensDetails { CachedTokens = 2 },
                CompletionTokensDetails = new CompletionTokensDetails { ReasoningTokens = 1 },
            },
            Choices =
            {
                new ChatCompletionChoice
                {
                    FinishReason = FinishReason.ToolCalls,
                    Message = new ChatCompletionMessage
                    {
                        Content = "Hi",
                        ToolCalls =
                        {
                            new ToolCall { Id = "call_1", Function = new FunctionCall { Name = "get_weather", Arguments = "{\"city\":\"Paris\"}" } },
                            new ToolCall { Id = "call_2", Custom = new CustomToolCall { Name = "sql", Input = "SELECT 1" } },
                        },
                        Audio = new AssistantAudio { Id = "audio_1", ExpiresAt = 1700003600, Data = "UklGRg==", Transcript = "Hi" },
                        Annotations = { new Annotation { UrlCitation = new UrlCitation { StartIndex = 0, EndIndex = 2, Title = "T", Url = "https://example.com" } } },
                    },
                    Logprobs = new ChoiceLogprobs
                    {
                        Content =
                        {
                            new TokenLogprob { Token = "Hi", Logprob = -0.5, Bytes = { 72, 105 }, TopLogprobs = { new TopLogprob { Token = "Hi", Logprob = -0.5, Bytes = { 72, 105 } } } },
                        },
                    },
                },
            },
        };
        Assert.Equal(expected, completion);
    }

    [Fact]
    public void UnknownKeysAndUnexpectedTypes_AreSkipped()
    {
        var completion = Read("""
            {"id":"x","created":1.7e9,"model":null,"reasoning_content":{"deep":[1,{"a":null}]},"prompt_logprobs":null,
             "choices":[{"index":0,"message":{"role":"assistant","content":"ok","reasoning":"hidden","tool_calls":null},"finish_reason":"abort","stop_reason":32000}],
             "usage":{"prompt_tokens":"many","completion_tokens":2,"total_tokens":2,"prompt_tokens_details":null},"service_tier":"unknown_tier"}
            """);

        Assert.Equal("x", completion.Id);
        Assert.Equal(1_700_000_000, completion.Created);
        Assert.Equal(string.Empty, completion.Model);
        Assert.Equal("ok", completion.Choices.Single().Message.Content);
        Assert.Equal(FinishReason.Unspecified, completion.Choices.Single().FinishReason);
        Assert.Equal(0, completion.Usage.PromptTokens);
        Assert.Equal(2, completion.Usage.CompletionTokens);
        Assert.False(completion.HasServiceTier);
    }

    [Fact]
    public void NullContent_StaysUnset()
    {
        var completion = Read("""{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"No."},"finish_reason":"stop"}]}""");

        Assert.False(completion.Choices.Single().Message.HasContent);
        Assert.Equal("No.", completion.Choices.Single().Message.Refusal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"id\":")]
    [InlineData("not json")]
    public void NotAJsonObject_Throws(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Read(json));
    }
}
