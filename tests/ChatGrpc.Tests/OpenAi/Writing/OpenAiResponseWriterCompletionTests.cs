using ChatGrpc.Server.OpenAi;
using ChatGrpc.Tests.Shared;
using ChatGrpc.V1;

namespace ChatGrpc.Tests.OpenAi.Writing;

public class OpenAiResponseWriterCompletionTests
{
    private static string Write(ChatCompletion completion) => WrittenJson.Of(writer => OpenAiResponseWriter.WriteCompletion(writer, completion));

    [Fact]
    public void TextAnswer_WritesChatCompletionWithNullRefusalAndLogprobs()
    {
        var completion = SampleCompletions.Text(new Usage { PromptTokens = 9, CompletionTokens = 3, TotalTokens = 12 });

        WrittenJson.AssertEqual(
            """
            {
              "id": "chatcmpl-1",
              "object": "chat.completion",
              "created": 1700000000,
              "model": "gpt-4o-mini",
              "choices": [
                {
                  "index": 0,
                  "message": { "role": "assistant", "content": "Hello there.", "refusal": null },
                  "logprobs": null,
                  "finish_reason": "stop"
                }
              ],
              "usage": { "prompt_tokens": 9, "completion_tokens": 3, "total_tokens": 12 }
            }
            """,
            Write(completion));
    }

    [Fact]
    public void ToolCalls_WritesFunctionAndCustomCallsWithNullContent()
    {
        var completion = SampleCompletions.ToolCalls(
            new ToolCall { Id = "call_1", Function = new FunctionCall { Name = "get_weather", Arguments = "{\"city\":\"Oslo\"}" } },
            new ToolCall { Id = "call_2", Custom = new CustomToolCall { Name = "run_sql", Input = "SELECT 1" } });

        WrittenJson.AssertEqual(
            """
            {
              "id": "chatcmpl-2",
              "object": "chat.completion",
              "created": 1,
              "model": "gpt-4.1",
              "choices": [
                {
                  "index": 0,
                  "message": {
                    "role": "assistant",
                    "content": null,
                    "refusal": null,
                    "tool_calls": [
                      { "id": "call_1", "type": "function", "function": { "name": "get_weather", "arguments": "{\"city\":\"Oslo\"}" } },
                      { "id": "call_2", "type": "custom", "custom": { "name": "run_sql", "input": "SELECT 1" } }
                    ]
                  },
                  "logprobs": null,
                  "finish_reason": "tool_calls"
                }
              ]
            }
            """,
            Write(completion));
    }

    [Fact]
    public void TwoChoices_WritesEachWithItsIndexAndFinishReason()
    {
        var completion = new ChatCompletion
        {
            Id = "chatcmpl-3",
            Created = 2,
            Model = "m",
            Choices =
            {
                new ChatCompletionChoice { Index = 0, Message = new ChatCompletionMessage { Content = "One" }, FinishReason = FinishReason.Stop },
                new ChatCompletionChoice { Index = 1, Message = new ChatCompletionMessage { Content = "Tw" }, FinishReason = FinishReason.Length },
            },
            Usage = new Usage { PromptTokens = 5, CompletionTokens = 2, TotalTokens = 7 },
        };

        WrittenJson.AssertEqual(
            """
            {
              "id": "chatcmpl-3",
              "object": "chat.completion",
              "created": 2,
              "model": "m",
              "choices": [
                { "index": 0, "message": { "role": "assistant", "content": "One", "refusal": null }, "logprobs": null, "finish_reason": "stop" },
                { "index": 1, "message": { "role": "assistant", "content": "Tw", "refusal": null }, "logprobs": null, "finish_reason": "length" }
              ],
              "usage": { "prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7 }
            }
            """,
            Write(completion));
    }

    [Fact]
    public void UsageDetailsFingerprintAndServiceTier_AreWritten()
    {
        var completion = new ChatCompletion
        {
            Id = "chatcmpl-4",
            Created = 3,
            Model = "o3",
            Choices = { new ChatCompletionChoice { Message = new ChatCompletionMessage { Content = "Done" }, FinishReason = FinishReason.Stop } },
            Usage = new Usage
            {
                PromptTokens = 100,
                CompletionTokens = 50,
                TotalTokens = 150,
                PromptTokensDetails = new PromptTokensDetails { CachedTokens = 64, AudioTokens = 0 },
                CompletionTokensDetails = new CompletionTokensDetails { ReasoningTokens = 40, AudioTokens = 0, AcceptedPredictionTokens = 1, RejectedPredictionTokens = 2 },
            },
            SystemFingerprint = "fp_abc",
            ServiceTier = ServiceTier.Default,
        };

        WrittenJson.AssertEqual(
            """
            {
              "id": "chatcmpl-4",
              "object": "chat.completion",
              "created": 3,
              "model": "o3",
              "choices": [
                { "index": 0, "message": { "role": "assistant", "content": "Done", "refusal": null }, "logprobs": null, "finish_reason": "stop" }
              ],
              "usage": {
                "prompt_tokens": 100,
                "completion_tokens": 50,
                "total_tokens": 150,
                "prompt_tokens_details": { "cached_tokens": 64, "audio_tokens": 0 },
                "completion_tokens_details": { "reasoning_tokens": 40, "audio_tokens": 0, "accepted_prediction_tokens": 1, "rejected_prediction_tokens": 2 }
              },
              "system_fingerprint": "fp_abc",
              "service_tier": "default"
            }
            """,
            Write(completion));
    }

    [Fact]
    public void RefusalAudioAnnotationsFunctionCallAndLogprobs_AreWritten()
    {
        var completion = new ChatCompletion
        {
            Id = "chatcmpl-5",
            Created = 4,
            Model = "gpt-4o-audio-preview",
            Choices =
            {
                new ChatCompletionChoice
                {
                    Message = new ChatCompletionMessage
                    {
                        Content = "See example.com",
                        Refusal = "I won't",
                        FunctionCall = new FunctionCall { Name = "legacy", Arguments = "{}" },
                        Audio = new AssistantAudio { Id = "audio_1", ExpiresAt = 1_700_003_600, Data = "UklGRg==", Transcript = "See example.com" },
                        Annotations =
                        {
                            new Annotation { UrlCitation = new UrlCitation { StartIndex = 4, EndIndex = 15, Title = "Example", Url = "https://example.com" } },
                        },
                    },
                    Logprobs = new ChoiceLogprobs
                    {
                        Content =
                        {
                            new TokenLogprob
                            {
                                Token = "See",
                                Logprob = -0.25,
                                Bytes = { 83, 101, 101 },
                                TopLogprobs = { new TopLogprob { Token = "See", Logprob = -0.25, Bytes = { 83, 101, 101 } }, new TopLogprob { Token = "\uFFFD", Logprob = -3.5 } },
                            },
                        },
                    },
                    FinishReason = FinishReason.FunctionCall,
                },
            },
        };

        WrittenJson.AssertEqual(
            """
            {
              "id": "chatcmpl-5",
              "object": "chat.completion",
              "created": 4,
              "model": "gpt-4o-audio-preview",
              "choices": [
                {
                  "index": 0,
                  "message": {
                    "role": "assistant",
                    "content": "See example.com",
                    "refusal": "I won't",
                    "function_call": { "name": "legacy", "arguments": "{}" },
                    "audio": { "id": "audio_1", "data": "UklGRg==", "expires_at": 1700003600, "transcript": "See example.com" },
                    "annotations": [
                      { "type": "url_citation", "url_citation": { "end_index": 15, "start_index": 4, "title": "Example", "url": "https://example.com" } }
                    ]
                  },
                  "logprobs": {
                    "content": [
                      {
                        "token": "See",
                        "logprob": -0.25,
                        "bytes": [83, 101, 101],
                        "top_logprobs": [
                          { "token": "See", "logprob": -0.25, "bytes": [83, 101, 101] },
                          { "token": "\uFFFD", "logprob": -3.5, "bytes": null }
                        ]
                      }
                    ],
                    "refusal": null
                  },
                  "finish_reason": "function_call"
                }
              ]
            }
            """,
            Write(completion));
    }

    [Fact]
    public void ContentFilteredChoiceWithoutMessage_WritesNullContentAndRefusal()
    {
        var completion = new ChatCompletion
        {
            Id = "chatcmpl-6",
            Created = 5,
            Model = "m",
            Choices = { new ChatCompletionChoice { FinishReason = FinishReason.ContentFilter } },
        };

        WrittenJson.AssertEqual(
            """
            {
              "id": "chatcmpl-6",
              "object": "chat.completion",
              "created": 5,
              "model": "m",
              "choices": [
                { "index": 0, "message": { "role": "assistant", "content": null, "refusal": null }, "logprobs": null, "finish_reason": "content_filter" }
              ]
            }
            """,
            Write(completion));
    }
}
