using System.Buffers;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Logging;
using Google.Api;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Rest;

/// <summary>
/// Reads the body of transcoded <see cref="HttpBody"/> requests (the OpenAI REST surface) into pooled memory, within
/// <see cref="RequestBodyOptions.MaxBytes"/> and <see cref="RequestBodyOptions.ReadTimeout"/>, before JSON transcoding
/// binds it. Transcoding's own binding spools any body over 30 KB to a temporary file and runs with gRPC's lifted
/// Kestrel body limit; this answers an oversized body with 413 without reading it, and hands the handler the bytes
/// without touching the disk. The buffer grows with what arrives, never with what the client declares, and a caller
/// without valid credentials gets no buffer at all (the interceptor refuses the call).
/// </summary>
internal sealed class RequestBodyBufferingMiddleware(RequestDelegate next, IOptions<RequestBodyOptions> options, TimeProvider timeProvider, ILogger<RequestBodyBufferingMiddleware> logger)
{
    private const int InitialBufferBytes = 16 * 1024;

    private readonly int _maxBytes = options.Value.MaxBytes;
    private readonly TimeSpan _readTimeout = options.Value.ReadTimeout;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsHttpBodyRoute(context))
        {
            await next(context);
            return;
        }

        var request = context.Request;
        // Credentials were checked before this runs (the route is never exempt): no user, no buffer.
        if (context.User.Identity?.IsAuthenticated != true)
        {
            // Nothing of the body is read; Connection: close, so the client stops sending it.
            request.Body = Stream.Null;
            request.ContentLength = 0;
            context.Response.Headers.Connection = "close";
            await next(context);
            return;
        }

        if (request.ContentLength > _maxBytes)
        {
            await WriteTooLargeAsync(context);
            return;
        }

        BufferedRequestBody? body;
        try
        {
            body = TakeArrivedBody(request.BodyReader) ?? await ReadWithTimeoutAsync(context);
        }
        catch (BadHttpRequestException exception)
        {
            // Malformed framing (a bad chunk size, say): the client's fault, answered, not logged as the server's.
            await WriteBadRequestAsync(context, exception);
            return;
        }

        if (body is null)
        {
            return;
        }

        context.Response.RegisterForDispose(body);
        context.Features.Set(body);
        request.Body = Stream.Null;
        request.ContentLength = 0;
        await next(context);
    }

    /// <summary>
    /// The whole body, when it has all arrived with the headers (the usual case for a chat request): taken from Kestrel's
    /// buffer at once, with no read timeout to arm (two cancellation sources and a timer per call saved). Null when
    /// more is still to come; nothing is consumed then.
    /// </summary>
    private BufferedRequestBody? TakeArrivedBody(System.IO.Pipelines.PipeReader reader)
    {
        if (!reader.TryRead(out var result))
        {
            return null;
        }

        var arrived = result.Buffer;
        if (!result.IsCompleted || arrived.Length > _maxBytes)
        {
            // Neither consumed nor examined: the slow path's first read returns these bytes again at once.
            reader.AdvanceTo(arrived.Start);
            return null;
        }

        var length = (int)arrived.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        arrived.CopyTo(buffer);
        reader.AdvanceTo(arrived.End);
        return new BufferedRequestBody(buffer, length);
    }

    /// <returns>The body, or null when the call was answered (or aborted) here.</returns>
    /// <exception cref="BadHttpRequestException">The body's framing is malformed.</exception>
    private async Task<BufferedRequestBody?> ReadWithTimeoutAsync(HttpContext context)
    {
        var request = context.Request;
        using (var timeout = new CancellationTokenSource(_readTimeout, timeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, context.RequestAborted))
        {
            try
            {
                if (await ReadAsync(request, linked.Token) is { } body)
                {
                    return body;
                }

                await WriteTooLargeAsync(context);
                return null;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                var requestId = RequestId.Of(context);
                ChatGrpcLog.RequestBodyTimedOut(logger, requestId, _readTimeout);
                context.Abort();
                return null;
            }
        }
    }

    private static bool IsHttpBodyRoute(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is { } transcoding
        && transcoding.MethodDescriptor.InputType.FullName == HttpBody.Descriptor.FullName;

    /// <returns>The body, or null when it is larger than the limit.</returns>
    private async Task<BufferedRequestBody?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferBytes, _maxBytes + 1));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > _maxBytes)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, _maxBytes + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > _maxBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return new BufferedRequestBody(buffer, length);
    }

    private static Task WriteBadRequestAsync(HttpContext context, BadHttpRequestException exception)
    {
        context.Response.Headers.Connection = "close";
        return RestErrorRenderer.WriteAsync(
            context.Response,
            exception.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => new ChatCompletionException(ChatErrorKind.RequestTooLarge, exception.Message),
                // Kestrel's MinRequestBodyDataRate cut the upload: the client was too slow, which is a 408, not a 400.
                StatusCodes.Status408RequestTimeout => new ChatCompletionException(ChatErrorKind.RequestTimeout, "The request body arrived slower than the minimum data rate (Kestrel:Limits:MinRequestBodyDataRate); send it faster."),
                _ => new ChatCompletionException(ChatErrorKind.BadRequest, $"The request body could not be read: {exception.Message}"),
            });
    }

    private Task WriteTooLargeAsync(HttpContext context)
    {
        // Connection: close, so the client stops sending a body nobody will read.
        context.Response.Headers.Connection = "close";
        return RestErrorRenderer.WriteAsync(
            context.Response,
            new ChatCompletionException(ChatErrorKind.RequestTooLarge, $"The request body is larger than the limit of {_maxBytes} bytes."));
    }
}
