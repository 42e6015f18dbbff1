using ChatGrpc.Server.Errors;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Routing;

/// <summary>
/// A stream whose first chunk has arrived: from here on the deployment is committed, and a failure is thrown
/// to the caller (as the final error event) rather than retried elsewhere.
/// </summary>
internal sealed class StreamStart(Deployment deployment, IAsyncEnumerator<ChatCompletionChunk> chunks, AttemptTimer timer, System.Threading.RateLimiting.RateLimitLease? place, IUpstreamObserver? observer = null) : IAsyncDisposable
{
    public ChatCompletionChunk First => chunks.Current;

    /// <summary>The next chunk, or null at the end of the stream.</summary>
    public async ValueTask<ChatCompletionChunk?> NextAsync()
    {
        try
        {
            return await chunks.MoveNextAsync().ConfigureAwait(false) ? chunks.Current : null;
        }
        catch (OperationCanceledException exception) when (timer.TimedOut)
        {
            throw new ChatCompletionException(ChatErrorKind.UpstreamTimeout, $"{deployment.Label} did not finish its answer within {deployment.Timeout}.", exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing the provider's enumerator aborts its HTTP request if the stream did not end.
        await chunks.DisposeAsync().ConfigureAwait(false);
        observer?.StreamEnded(deployment, timer.Elapsed);
        timer.Dispose();
        place?.Dispose();
    }
}
