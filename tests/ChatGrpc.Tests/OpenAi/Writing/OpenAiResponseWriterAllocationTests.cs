using ChatGrpc.Server.OpenAi;
using ChatGrpc.V1;

namespace ChatGrpc.Tests.OpenAi.Writing;

/// <summary>The writers run for every answer and every stream chunk, so they must not allocate.</summary>
public class OpenAiResponseWriterAllocationTests
{
    [Fact]
    public void WriteChunk_WithReusedWriter_AllocatesNothing()
    {
        var chunk = new ChatCompletionChunk
        {
            Id = "chatcmpl-9",
            Created = 1_700_000_000,
            Model = "gpt-4o-mini",
            Choices =
            {
                new ChatCompletionChunkChoice
                {
                    Delta = new ChatCompletionDelta
                    {
                        Role = ChatRole.Assistant,
                        Content = "Hello",
                        ToolCalls = { new ToolCallDelta { Index = 0, Id = "call_1", Function = new FunctionCallDelta { Name = "f", Arguments = "{}" } } },
                    },
                    FinishReason = FinishReason.Stop,
                },
            },
            ServiceTier = ServiceTier.Default,
        };

        Assert.Equal(0, WrittenJson.AllocatedBytesOfSecondRun(writer => OpenAiResponseWriter.WriteChunk(writer, chunk, includeUsage: true)));
    }

    [Fact]
    public void WriteCompletion_WithReusedWriter_AllocatesNothing()
    {
        var completion = new ChatCompletion
        {
            Id = "chatcmpl-1",
            Created = 1,
            Model = "m",
            Choices =
            {
                new ChatCompletionChoice
                {
                    Message = new ChatCompletionMessage
                    {
                        Content = "Hi",
                        ToolCalls = { new ToolCall { Id = "call_1", Function = new FunctionCall { Name = "f", Arguments = "{}" } } },
                        Annotations = { new Annotation { UrlCitation = new UrlCitation { Url = "https://example.com" } } },
                    },
                    Logprobs = new ChoiceLogprobs { Content = { new TokenLogprob { Token = "Hi", Bytes = { 72, 105 }, TopLogprobs = { new TopLogprob { Token = "Hi" } } } } },
                    FinishReason = FinishReason.Stop,
                },
            },
            Usage = new Usage { PromptTokensDetails = new PromptTokensDetails(), CompletionTokensDetails = new CompletionTokensDetails() },
            SystemFingerprint = "fp",
        };

        Assert.Equal(0, WrittenJson.AllocatedBytesOfSecondRun(writer => OpenAiResponseWriter.WriteCompletion(writer, completion)));
    }
}
