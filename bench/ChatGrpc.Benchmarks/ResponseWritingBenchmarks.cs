using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.V1;

namespace ChatGrpc.Benchmarks;

/// <summary>
/// Writing answers in OpenAI's JSON: one streamed <c>chat.completion.chunk</c> (paid once per token) and a whole
/// <c>chat.completion</c>, into a buffer and writer reused across calls as the streaming handler reuses them.
/// </summary>
[MemoryDiagnoser]
public class ResponseWritingBenchmarks : IDisposable
{
    private const string CompletionId = "chatcmpl-8f14e45fceea167a5a36dedd4bea2543";
    private const long Created = 1_735_787_045;
    private const string Model = "chatgrpc-dev";

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;
    private readonly ChatCompletionChunk _contentChunk = new()
    {
        Id = CompletionId,
        Created = Created,
        Model = Model,
        Choices = { new ChatCompletionChunkChoice { Index = 0, Delta = new ChatCompletionDelta { Content = " Lisbon" } } },
    };

    private readonly ChatCompletion _textCompletion = new()
    {
        Id = CompletionId,
        Created = Created,
        Model = Model,
        Choices =
        {
            new ChatCompletionChoice
            {
                Index = 0,
                Message = new ChatCompletionMessage
                {
                    Content = "Tomorrow afternoon in Lisbon looks dry: light rain clears by midday, then sunny spells with a high of "
                        + "19 °C and a moderate north-westerly wind. I have booked a table for two at Café Luso at 8 pm; "
                        + "the booking reference is CL-2041. Would you like a reminder an hour before?",
                },
                FinishReason = FinishReason.Stop,
            },
        },
        Usage = Usage(prompt: 231, completion: 68),
        SystemFingerprint = "fp_chatgrpc_dev",
    };

    private readonly ChatCompletion _toolCallCompletion = new()
    {
        Id = CompletionId,
        Created = Created,
        Model = Model,
        Choices =
        {
            new ChatCompletionChoice
            {
                Index = 0,
                Message = new ChatCompletionMessage
                {
                    ToolCalls =
                    {
                        new ToolCall
                        {
                            Id = "call_a1b2c3d4e5f6",
                            Function = new FunctionCall { Name = "get_weather", Arguments = "{\"city\": \"Lisbon\", \"unit\": \"celsius\", \"days\": 1}" },
                        },
                    },
                },
                FinishReason = FinishReason.ToolCalls,
            },
        },
        Usage = Usage(prompt: 231, completion: 24),
    };

    public ResponseWritingBenchmarks()
    {
        _writer = new Utf8JsonWriter(_buffer, OpenAiJson.WriterOptions);
    }

    /// <summary>One token of a stream. Returns the bytes written.</summary>
    [Benchmark]
    public int WriteContentChunk()
    {
        Restart();
        OpenAiResponseWriter.WriteChunk(_writer, _contentChunk, includeUsage: false);
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int WriteTextCompletion()
    {
        Restart();
        OpenAiResponseWriter.WriteCompletion(_writer, _textCompletion);
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int WriteToolCallCompletion()
    {
        Restart();
        OpenAiResponseWriter.WriteCompletion(_writer, _toolCallCompletion);
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _writer.Dispose();
        GC.SuppressFinalize(this);
    }

    private void Restart()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
    }

    private static Usage Usage(int prompt, int completion) => new()
    {
        PromptTokens = prompt,
        CompletionTokens = completion,
        TotalTokens = prompt + completion,
        PromptTokensDetails = new PromptTokensDetails(),
        CompletionTokensDetails = new CompletionTokensDetails(),
    };
}
