using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;

namespace ChatGrpc.Server.Providers.Http;

/// <summary>The HTTP exchange every upstream kind shares: send, wait for the headers only, and turn a failure into the router's exception.</summary>
internal static class UpstreamHttp
{
    // Error bodies are read to relay their message; a hostile upstream must not make that read unbounded.
    private const int MaxErrorBodyBytes = 64 * 1024;

    /// <summary>
    /// Sends <paramref name="request"/> and returns the response as soon as its headers arrived (the body is
    /// read by the caller, as it comes). A failed status is read and thrown as <see cref="Errors.ChatCompletionException"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired: the request is aborted.</exception>
    /// <remarks>
    /// <paramref name="invoker"/> is the upstream handler chain itself, not an <see cref="HttpClient"/>: the handler
    /// answers as soon as the headers arrive, and the client's per-call linked cancellation source and timeout (the
    /// attempt has its own) would be paid on every call for nothing, as YARP's forwarder avoids them too.
    /// </remarks>
    public static async Task<HttpResponseMessage> SendAsync(HttpMessageInvoker invoker, UpstreamEndpoint endpoint, HttpRequestMessage request, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var upstream = endpoint.Name;
        HttpResponseMessage response;
        try
        {
            response = await invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw UpstreamFailures.ConnectionFailed(upstream, exception);
        }
        catch (IOException exception)
        {
            throw UpstreamFailures.ConnectionFailed(upstream, exception);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await ReadErrorBodyAsync(response, endpoint.Scrubber, cancellationToken).ConfigureAwait(false);
            throw UpstreamFailures.FromStatus(upstream, response.StatusCode, body, response.Headers.RetryAfter, RetryAfterMs(response.Headers), timeProvider.GetUtcNow());
        }
    }

    private static async Task<UpstreamErrorBody> ReadErrorBodyAsync(HttpResponseMessage response, UpstreamMessageScrubber scrubber, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxErrorBodyBytes);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var length = 0;
            int read;
            while (length < MaxErrorBodyBytes && (read = await stream.ReadAsync(buffer.AsMemory(length, MaxErrorBodyBytes - length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            return UpstreamErrorBody.Parse(buffer.AsSpan(0, length), scrubber);
        }
        catch (HttpRequestException)
        {
            return UpstreamErrorBody.Empty;
        }
        catch (IOException)
        {
            return UpstreamErrorBody.Empty;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Azure OpenAI says how long to wait in milliseconds, more precisely than Retry-After's whole seconds.
    private static TimeSpan? RetryAfterMs(HttpResponseHeaders headers) =>
        headers.TryGetValues("retry-after-ms", out var values)
        && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
        && milliseconds >= 0
            ? TimeSpan.FromMilliseconds(milliseconds)
            : null;
}
