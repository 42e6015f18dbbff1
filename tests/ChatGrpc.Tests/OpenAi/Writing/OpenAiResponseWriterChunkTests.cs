using ChatGrpc.Server.OpenAi;
using ChatGrpc.V1;
using static ChatGrpc.Tests.Shared.SampleCompletions;

namespace ChatGrpc.Tests.OpenAi.Writing;

public class OpenAiResponseWriterChunkTests
{
    private static string Write(ChatCompletionChunk chunk, bool includeUsage = false) =>
        WrittenJson.Of(writer => OpenAiResponseWriter.WriteChunk(writer, chunk, includeUsage));

    [Fact]
    public void FirstChunk_CarriesRoleAndEmptyContentWithNullFinishReason()
    {
        var chunk = Chunk(new ChatCompletionChunkChoice { Delta = new ChatCompletionDelta { Role = ChatRole.Assistant, Content = "" } });
        chunk.SystemFingerprint = "fp_1";
        chunk.ServiceTier = ServiceTier.Default;

        WrittenJson.AssertEqual(
            """
            {
              "id": "chatcmpl-9",
              "object": "chat.completion.chunk",
              "created": 1700000000,
              "model": "gpt-4o-mini",
              "choices": [ { "index": 0, "delta": { "role": "assistant", "content": "", "refusal": null }, "logprobs": null, "finish_reason": null } ],
              "system_fingerprint": "fp_1",
              "service_tier": "default"
            }
            """,
            Write(chunk));
    }

    [Fact]
    public void FirstChunkOfAToolCall_NamesContentAndRefusalAsNull()
    {
        var delta = new ChatCompletionDelta { Role = ChatRole.Assistant };
        delta.ToolCalls.Add(new ToolCallDelta { Index = 0, Id = "call_1", Function = new FunctionCallDelta { Name = "f", Arguments = "{}" } });
        var chunk = Chunk(new ChatCompletionChunkChoice { Delta = delta });

        WrittenJson.AssertEqual(
            """
            {
              "id": "chatcmpl-9",
              "object": "chat.completion.chunk",
              "created": 1700000000,
              "model": "gpt-4o-mini",
              "choices": [ { "index": 0, "delta": { "role": "assistant", "content": null, "refusal": null, "tool_calls": [ { "index": 0, "id": "call_1", "type": "function", "function": { "name": "f", "arguments": "{}" } } ] }, "logprobs": null, "finish_reason": null } ]
            }
            """,
            Write(chunk));
    }

    [Fact]
    public void MiddleChunk_CarriesOnlyContent()
    {
        var chunk = Chunk(new ChatCompletionChunkChoice { Delta = new ChatCompletionDelta { Content = "Hel" } });

        WrittenJson.AssertEqual(
            """
            {
              "id": "chatcmpl-9",
              "object": "chat.completion.chunk",
              "created": 1700000000,
              "model": "gpt-4o-mini",
              "choices": [ { "index": 0, "delta": { "content": "Hel" }, "logprobs": null, "finish_reason": null } ]
            }
            """,
            Write(chunk));
    }

    [Fact]
    public void LastChunk_HasEmptyDeltaAndFinishReason()
    {
        var chunk = Chunk(new ChatCompletionChunkChoice { Delta = new ChatCompletionDelta(), FinishReason = FinishReason.Stop });

        WrittenJson.AssertEqual(
            """
            {
              "id": "chatcmpl-9",
              "object": "chat.completion.chunk",
              "created": 1700000000,
              "model": "gpt-4o-mini",
              "choices": [ { "index": 0, "delta": {}, "logprobs": null, "finish_reason": "stop" } ]
            }
            """,
            Write(chunk));
    }

    [Fact]
    public void ChunkWithoutUsage_WhenUsageIncluded_WritesNullUsage()
    {
        var chunk = Chunk(new ChatCompletionChunkChoice { Delta = new ChatCompletionDelta { Content = "lo" } });

        WrittenJson.AssertEqual(
            """
            {
              "id": "chatcmpl-9",
              "object": "chat.completion.chunk",
              "created": 1700000000,
              "model": "gpt-4o-mini",
              "choices": [ { "index": 0, "delta": { "content": "lo" }, "logprobs": null, "finish_reason": null } ],
              "usage": null
            }
            """,
            Write(chunk, includeUsage: true));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void UsageChunk_WritesEmptyChoicesAndUsage(bool includeUsage)
    {
        var chunk = Chunk();
        chunk.Usage = new Usage
        {
            PromptTokens = 10,
            CompletionTokens = 4,
            TotalTokens = 14,
            CompletionTokensDetails = new CompletionTokensDetails { ReasoningTokens = 1 },
        };

        WrittenJson.AssertEqual(
            """
            {
              "id": "chatcmpl-9",
              "object": "chat.completion.chunk",
              "created": 1700000000,
              "model": "gpt-4o-mini",
              "choices": [],
              "usage": {
                "prompt_tokens": 10,
                "completion_tokens": 4,
                "total_tokens": 14,
                "completion_tokens_details": { "reasoning_tokens": 1, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0 }
              }
            }
            """,
            Write(chunk, includeUsage));
    }

    [Fact]
    public void ToolCallDeltas_WriteIdAndTypeOnlyWithTheFirstDelta()
    {
        var chunk = Chunk(new ChatCompletionChunkChoice
        {
            Delta = new ChatCompletionDelta
            {
                ToolCalls =
                {
                    new ToolCallDelta { Index = 0, Function = new FunctionCallDelta { Arguments = "\"Oslo\"}" } },
                    new ToolCallDelta { Index = 1, Id = "call_2", Function = new FunctionCallDelta { Name = "get_time", Arguments = "" } },
                },
            },
        });

        WrittenJson.AssertEqual(
            """
            {
              "id": "chatcmpl-9",
              "object": "chat.completion.chunk",
              "created": 1700000000,
              "model": "gpt-4o-mini",
              "choices": [
                {
                  "index": 0,
                  "delta": {
                    "tool_calls": [
                      { "index": 0, "function": { "arguments": "\"Oslo\"}" } },
                      { "index": 1, "id": "call_2", "type": "function", "function": { "name": "get_time", "arguments": "" } }
                    ]
                  },
                  "logprobs": null,
                  "finish_reason": null
                }
              ]
            }
            """,
            Write(chunk));
    }

    [Fact]
    public void RefusalFunctionCallAndLogprobsDeltas_AreWritten()
    {
        var chunk = Chunk(new ChatCompletionChunkChoice
        {
            Index = 1,
            Delta = new ChatCompletionDelta { Refusal = "No", FunctionCall = new FunctionCallDelta { Name = "legacy" } },
            Logprobs = new ChoiceLogprobs { Refusal = { new TokenLogprob { Token = "No", Logprob = -0.5, Bytes = { 78, 111 } } } },
            FinishReason = FinishReason.FunctionCall,
        });

        WrittenJson.AssertEqual(
            """
            {
              "id": "chatcmpl-9",
              "object": "chat.completion.chunk",
              "created": 1700000000,
              "model": "gpt-4o-mini",
              "choices": [
                {
                  "index": 1,
                  "delta": { "refusal": "No", "function_call": { "name": "legacy" } },
                  "logprobs": { "content": null, "refusal": [ { "token": "No", "logprob": -0.5, "bytes": [78, 111], "top_logprobs": [] } ] },
                  "finish_reason": "function_call"
                }
              ]
            }
            """,
            Write(chunk));
    }
}
