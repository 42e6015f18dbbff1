using ChatGrpc.V1;

namespace ChatGrpc.Tests.Shared;

/// <summary>
/// The answers the writer and SDK tests share, so that a test says only what it varies: a text answer and an answer
/// that calls tools, and a chunk of a stream.
/// </summary>
internal static class SampleCompletions
{
    /// <summary><c>chatcmpl-1</c> from <c>gpt-4o-mini</c>: "Hello there.", finished by <c>stop</c>.</summary>
    public static ChatCompletion Text(Usage usage) => new()
    {
        Id = "chatcmpl-1",
        Created = 1_700_000_000,
        Model = "gpt-4o-mini",
        Choices = { new ChatCompletionChoice { Index = 0, Message = new ChatCompletionMessage { Content = "Hello there." }, FinishReason = FinishReason.Stop } },
        Usage = usage,
    };

    /// <summary><c>chatcmpl-2</c> from <c>gpt-4.1</c>: no content, the given tool calls, finished by <c>tool_calls</c>.</summary>
    public static ChatCompletion ToolCalls(params ToolCall[] calls) => new()
    {
        Id = "chatcmpl-2",
        Created = 1,
        Model = "gpt-4.1",
        Choices = { new ChatCompletionChoice { Message = new ChatCompletionMessage { ToolCalls = { calls } }, FinishReason = FinishReason.ToolCalls } },
    };

    /// <summary>A chunk of stream <c>chatcmpl-9</c> from <c>gpt-4o-mini</c> with the given choices (none for a usage chunk).</summary>
    public static ChatCompletionChunk Chunk(params ChatCompletionChunkChoice[] choices) => new()
    {
        Id = "chatcmpl-9",
        Created = 1_700_000_000,
        Model = "gpt-4o-mini",
        Choices = { choices },
    };
}
