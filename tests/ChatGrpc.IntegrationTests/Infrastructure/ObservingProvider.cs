using System.Diagnostics;
using System.Runtime.CompilerServices;
using ChatGrpc.Server.Providers;
using ChatGrpc.V1;

namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>
/// A provider that never finishes on its own and records, from the server's side, when the gateway cancelled it:
/// the unary call waits forever; the stream sends one small chunk, or with <c>flood</c> endless large ones, as fast as
/// the connection takes them.
/// </summary>
public sealed class ObservingProvider(bool flood = false) : IChatCompletionProvider
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<long> _cancelledAt = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a call reached the provider.</summary>
    public Task Started => _started.Task;

    /// <summary>Completes with the <see cref="Stopwatch"/> timestamp at which the call's token fired.</summary>
    public Task<long> CancelledAt => _cancelledAt.Task;

    public async Task<ChatCompletion> CompleteAsync(CreateChatCompletionRequest request, CancellationToken cancellationToken)
    {
        using var registration = Observe(cancellationToken);
        _started.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new UnreachableException();
    }

    public async IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CreateChatCompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var registration = Observe(cancellationToken);
        var content = flood ? new string('x', 64 * 1024) : "first";
        do
        {
            var chunk = new ChatCompletionChunk { Id = "chatcmpl-observed", Created = 1, Model = request.Model };
            chunk.Choices.Add(new ChatCompletionChunkChoice { Delta = new ChatCompletionDelta { Content = content } });
            yield return chunk;
            _started.TrySetResult();
        }
        while (flood && !cancellationToken.IsCancellationRequested);

        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    private CancellationTokenRegistration Observe(CancellationToken cancellationToken) =>
        cancellationToken.Register(() => _cancelledAt.TrySetResult(Stopwatch.GetTimestamp()));
}
