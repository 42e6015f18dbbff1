namespace ChatGrpc.Server.Rest;

/// <summary>Flushes what was written to a REST response, as JSON transcoding's stream writer did, without its per-write costs.</summary>
internal static class ResponseFlush
{
    /// <summary>
    /// Sends what was written. A flush that completes at once (the client keeps reading) registers nothing; one that
    /// waits aborts the connection if <paramref name="cancellationToken"/> fires meanwhile, so that a stalled client
    /// cannot hold the call once it is cancelled.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired before or during the flush.</exception>
    public static ValueTask FlushAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var flush = response.BodyWriter.FlushAsync(CancellationToken.None);
        return flush.IsCompletedSuccessfully ? ValueTask.CompletedTask : AwaitAsync(flush, response.HttpContext, cancellationToken);
    }

    /// <summary>Writes <paramref name="data"/> and sends it, as <see cref="FlushAsync"/> does.</summary>
    public static ValueTask WriteAsync(HttpResponse response, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = response.BodyWriter.WriteAsync(data, CancellationToken.None);
        return write.IsCompletedSuccessfully ? ValueTask.CompletedTask : AwaitAsync(write, response.HttpContext, cancellationToken);
    }

    private static async ValueTask AwaitAsync(ValueTask<System.IO.Pipelines.FlushResult> flush, HttpContext context, CancellationToken cancellationToken)
    {
        using (cancellationToken.UnsafeRegister(static state => ((HttpContext)state!).Abort(), context))
        {
            await flush;
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
