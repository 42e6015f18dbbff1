using System.Buffers;
using System.Text;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.Server.OpenAi.Responses;
using ChatGrpc.Tests.OpenAi.Writing;

namespace ChatGrpc.Tests.OpenAi.Responses;

/// <summary>What an upstream sends beyond OpenAI's schema, and its reasoning, is read and written back where it was.</summary>
public sealed class ExtraFieldsRoundTripTests
{
    [Fact]
    public void Answer_KeepsReasoningAndUnknownKeysAtEveryLevel()
    {
        const string upstream = """
            {"id":"c","object":"chat.completion","created":1,"model":"m",
             "choices":[{"index":0,"message":{"role":"assistant","content":"42.","refusal":null,"reasoning_content":"Six times seven.","provider_extra":{"k":[1,"a",null,true]}},
                         "logprobs":null,"finish_reason":"stop","content_filter_results":{"hate":{"filtered":false}}}],
             "prompt_filter_results":[{"prompt_index":0}],"citations":["https://example.com"]}
            """;

        var completion = OpenAiCompletionReader.Read(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(upstream)));

        Assert.Equal("Six times seven.", completion.Choices[0].Message.ReasoningContent);
        WrittenJson.AssertEqual(
            """
            {"id":"c","object":"chat.completion","created":1,"model":"m",
             "choices":[{"index":0,"message":{"role":"assistant","content":"42.","refusal":null,"reasoning_content":"Six times seven.","provider_extra":{"k":[1,"a",null,true]}},
                         "logprobs":null,"finish_reason":"stop","content_filter_results":{"hate":{"filtered":false}}}],
             "prompt_filter_results":[{"prompt_index":0}],"citations":["https://example.com"]}
            """,
            WrittenJson.Of(writer => OpenAiResponseWriter.WriteCompletion(writer, completion)));
    }

    [Fact]
    public void Chunk_ReadsReasoningUnderEitherName_AndKeepsUnknownKeys()
    {
        var chunk = OpenAiChunkReader.Read(new ReadOnlySequence<byte>("""
            {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","obfuscation":"xyz",
             "choices":[{"index":0,"delta":{"reasoning":"Six","token_ids":[7]},"finish_reason":null,"stop_reason":null}]}
            """u8.ToArray()));

        Assert.Equal("Six", chunk.Choices[0].Delta.ReasoningContent);
        WrittenJson.AssertEqual(
            """
            {"id":"c","object":"chat.completion.chunk","created":1,"model":"m",
             "choices":[{"index":0,"delta":{"reasoning_content":"Six","token_ids":[7]},"logprobs":null,"finish_reason":null,"stop_reason":null}],
             "obfuscation":"xyz"}
            """,
            WrittenJson.Of(writer => OpenAiResponseWriter.WriteChunk(writer, chunk, includeUsage: false)));
    }
}
