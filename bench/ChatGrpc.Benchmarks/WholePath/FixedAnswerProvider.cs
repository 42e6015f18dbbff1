using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using ChatGrpc.Server.OpenAi.Responses;
using ChatGrpc.Server.Providers;
using ChatGrpc.V1;

namespace ChatGrpc.Benchmarks.WholePath;

/// <summary>
/// A provider with no upstream at all: the same answer and chunks as <see cref="UpstreamAnswers"/>, read once and
/// copied per call. What a call to it costs is the gateway alone: adapters, pipeline, routing, telemetry, Kestrel.
/// </summary>
internal sealed class FixedAnswerProvider : IChatCompletionProvider
{
    private readonly ChatCompletion _completion = OpenAiCompletionReader.Read(new ReadOnlySequence<byte>(UpstreamAnswers.Completion));
    private readonly ChatCompletionChunk[] _chunks = UpstreamAnswers.ChunkJson.Select(json => OpenAiChunkReader.Read(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)))).ToArray();

    public Task<ChatCompletion> CompleteAsync(CreateChatCompletionRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(_completion.Clone());

    public async IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CreateChatCompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Every chunk is ready at once, as when an upstream's events arrive in one read.
        await Task.CompletedTask;
        foreach (var chunk in _chunks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return chunk.Clone();
        }
    }
}
