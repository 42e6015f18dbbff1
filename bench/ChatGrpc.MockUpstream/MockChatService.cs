using System.Diagnostics;
using System.Globalization;
using ChatGrpc.V1;
using Grpc.Core;

namespace ChatGrpc.MockUpstream;

/// <summary>
/// The mock's answers over gRPC, on ChatGrpc's own contract: the same completion, and the same stream (a role chunk,
/// content chunks a gap apart whose content is "t" + the Stopwatch timestamp of their writing, a finish chunk). Read by
/// the same client as ChatGrpc's gRPC service, it is the floor of a gRPC stream's chunk delay on this machine: HTTP/2
/// framing in Kestrel and in Grpc.Net.Client, with no gateway between.
/// </summary>
internal sealed class MockChatService(MockStreamShape shape) : ChatService.ChatServiceBase
{
    private static readonly ChatCompletion s_completion = new()
    {
        Id = "chatcmpl-mock",
        Created = 1700000000,
        Model = "mock",
        Choices =
        {
            new ChatCompletionChoice
            {
                Message = new ChatCompletionMessage { Content = "Hello, benchmark!" },
                FinishReason = FinishReason.Stop,
            },
        },
        Usage = new Usage { PromptTokens = 20, CompletionTokens = 4, TotalTokens = 24 },
    };

    private static readonly Usage s_streamUsage = new() { PromptTokens = 20, CompletionTokens = 12, TotalTokens = 32 };

    public override Task<ChatCompletion> CreateChatCompletion(CreateChatCompletionRequest request, ServerCallContext context) =>
        Task.FromResult(s_completion);

    public override async Task StreamChatCompletion(CreateChatCompletionRequest request, IServerStreamWriter<ChatCompletionChunk> responseStream, ServerCallContext context)
    {
        var (count, gap) = shape.For(request.Model);
        await responseStream.WriteAsync(Chunk(new ChatCompletionDelta { Role = ChatRole.Assistant, Content = string.Empty }), context.CancellationToken);
        for (var i = 0; i < count; i++)
        {
            await Task.Delay(gap, context.CancellationToken);
            var content = "t" + Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture);
            await responseStream.WriteAsync(Chunk(new ChatCompletionDelta { Content = content }), context.CancellationToken);
        }

        var finish = Chunk(new ChatCompletionDelta());
        finish.Choices[0].FinishReason = FinishReason.Stop;
        await responseStream.WriteAsync(finish, context.CancellationToken);
        if (request.StreamOptions is { IncludeUsage: true })
        {
            await responseStream.WriteAsync(new ChatCompletionChunk { Id = "chatcmpl-mock", Created = 1700000000, Model = "mock", Usage = s_streamUsage }, context.CancellationToken);
        }
    }

    private static ChatCompletionChunk Chunk(ChatCompletionDelta delta) => new()
    {
        Id = "chatcmpl-mock",
        Created = 1700000000,
        Model = "mock",
        Choices = { new ChatCompletionChunkChoice { Delta = delta } },
    };
}

/// <summary>How many content chunks a stream has and how far apart, by model: "slow" holds streams open.</summary>
internal sealed record MockStreamShape(int Chunks, TimeSpan Gap, int SlowChunks, TimeSpan SlowGap)
{
    public (int Count, TimeSpan Gap) For(string? model) => model == "slow" ? (SlowChunks, SlowGap) : (Chunks, Gap);
}
