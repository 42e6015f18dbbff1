using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace ChatGrpc.Server.Providers.Http;

/// <summary>
/// Reads a whole (non-streamed) upstream answer within <see cref="UpstreamReadLimits.MaxResponseBytes"/>, counted
/// after decompression as the bytes arrive, so a 200 MB answer or a gzip bomb is dropped at the limit instead of
/// unpacked into memory. The JSON readers need the whole document, so what arrives is held (in pooled segments,
/// given back whatever happens) until it is complete.
/// </summary>
internal static class UpstreamAnswer
{
    /// <exception cref="Errors.ChatCompletionException">The answer was too large, not JSON, or the connection failed.</exception>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, UpstreamEndpoint endpoint, Func<ReadOnlySequence<byte>, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(read);
        var limit = endpoint.ReadLimits.MaxResponseBytes;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var reader = PipeReader.Create(stream);
            try
            {
                while (true)
                {
                    var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    if (result.Buffer.Length > limit)
                    {
                        throw new UpstreamAnswerTooLargeException("an answer", limit, "ChatGrpc:Providers:<name>:MaxResponseBytes");
                    }

                    if (result.IsCompleted)
                    {
                        var answer = read(result.Buffer);
                        reader.AdvanceTo(result.Buffer.End);
                        return answer;
                    }

                    reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                }
            }
            finally
            {
                await reader.CompleteAsync().ConfigureAwait(false);
            }
        }
        catch (UpstreamAnswerTooLargeException exception)
        {
            throw UpstreamFailures.AnswerTooLarge(endpoint.Name, exception);
        }
        catch (JsonException exception)
        {
            throw UpstreamFailures.Malformed(endpoint.Name, exception);
        }
        catch (InvalidDataException exception)
        {
            throw UpstreamFailures.Malformed(endpoint.Name, exception);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw UpstreamFailures.ConnectionFailed(endpoint.Name, exception);
        }
    }
}
