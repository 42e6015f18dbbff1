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
        using (var timeout = new CancellationTokenSource(_readTimeout, timeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, context.RequestAborted))
        {
            try
            {
                body = await ReadAsync(request, linked.Token);
            }
            catch (BadHttpRequestException exception)
            {
                // Malformed framing (a bad chunk size, say): the client's fault, answered, not logged as the server's.
                await WriteBadRequestAsync(context, exception);
                return;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                var requestId = RequestId.Of(context);
                ChatGrpcLog.RequestBodyTimedOut(logger, requestId, _readTimeout);
                context.Abort();
                return;
            }
        }

        if (body is null)
        {
            await WriteTooLargeAsync(context);
            return;
        }

        context.Response.RegisterForDispose(body);
        context.Features.Set(body);
        request.Body = Stream.Null;
        request.ContentLength = 0;
        await next(context);
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
