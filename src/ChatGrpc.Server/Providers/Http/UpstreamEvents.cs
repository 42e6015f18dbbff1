namespace ChatGrpc.Server.Providers.Http;

/// <summary>Reads an upstream's next SSE event, turning a broken or oversized stream into the router's exception.</summary>
internal static class UpstreamEvents
{
    public static async ValueTask<bool> ReadAsync(ServerSentEventReader events, string upstream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        try
        {
            return await events.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (UpstreamAnswerTooLargeException exception)
        {
            throw UpstreamFailures.AnswerTooLarge(upstream, exception);
        }
        catch (InvalidDataException exception)
        {
            throw UpstreamFailures.Malformed(upstream, exception);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw UpstreamFailures.ConnectionFailed(upstream, exception);
        }
    }
}
