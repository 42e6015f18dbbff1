using System.Buffers;
using System.Text.Json;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Logging;
using ChatGrpc.Server.Routing;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Google.Api;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ChatGrpc.Server.OpenAi;

/// <summary>
/// Serves <c>POST /api/v1/openai/chat/completions</c> in OpenAI's wire format: reads the body once,
/// answers 422 in FastAPI's shape when it is not valid, otherwise routes it and writes a
/// <c>chat.completion</c>, or with <c>"stream": true</c> Server-Sent Events ending with <c>[DONE]</c>.
/// </summary>
public sealed class OpenAiChatHandler(ChatRequestValidator validator, ModelRouter router, IOptions<OpenAiReadOptions> readOptions, ILogger<OpenAiChatHandler> logger)
{
    private const string JsonContentType = "application/json";
    private const string EventStreamContentType = "text/event-stream";

    private static ReadOnlySpan<byte> DataPrefix => "data: "u8;

    // Transcoding ends every HttpBody with "\n", so one more "\n" closes each event.
    private static ReadOnlySpan<byte> EventSuffix => "\n"u8;

    private static readonly ByteString DoneEvent = ByteString.CopyFromUtf8("data: [DONE]\n");

    public async Task HandleAsync(HttpBody body, IServerStreamWriter<HttpBody> responseStream, ServerCallContext context)
    {
        var httpContext = context.GetHttpContext();
        var response = httpContext.Response;
        var problems = new List<ValidationProblem>();
        using var read = ReadRequest(body.ContentType, httpContext.Features.Get<BufferedRequestBody>()?.Content ?? body.Data.Memory, problems);
        // The RPC is reachable over gRPC too (reflection lists it): there, errors are gRPC statuses, not HTTP answers.
        var isRest = httpContext.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not null;
        if (problems.Count > 0)
        {
            ValidationProblemOrder.Sort(problems);
            if (!isRest)
            {
                throw ValidationProblemStatus.ToRpcException(problems);
            }

            await HttpErrorResponses.WriteValidationProblemsAsync(response, problems);
            return;
        }

        var request = read!.Request;
        try
        {
            var call = new Completions.CallContext("", "", Completions.CallTransport.Rest, context.CancellationToken);
            if (request.Stream)
            {
                await StreamAsync(router.StreamAsync(call, request), request.StreamOptions?.IncludeUsage == true, response, responseStream, context.CancellationToken);
            }
            else
            {
                var completion = await router.CompleteAsync(call, request);
                await responseStream.WriteAsync(new HttpBody { ContentType = JsonContentType, Data = Serialize(completion) }, context.CancellationToken);
            }
        }
        catch (ChatCompletionException exception) when (isRest && !response.HasStarted)
        {
            // The gateway's own refusals read as FastAPI's; a provider's failure reads as OpenAI's, as errors.md has it.
            await HttpErrorResponses.WriteErrorAsync(response, exception);
        }
    }

    private OpenAiRequestReadResult? ReadRequest(string? contentType, ReadOnlyMemory<byte> content, List<ValidationProblem> problems)
    {
        // FastAPI reads no body at all, whatever its declared type, as a missing one: the reader says so.
        if (!content.IsEmpty && !IsJson(contentType))
        {
            // FastAPI validates a body it cannot read as JSON as the raw text it is.
            problems.Add(PydanticErrors.ModelAttributesType([], JsonSerializer.SerializeToElement(System.Text.Encoding.UTF8.GetString(content.Span))));
            return null;
        }

        var read = OpenAiRequestReader.Read(content, readOptions.Value);
        problems.AddRange(read.Problems);
        if (read.Document is not null)
        {
            validator.ValidateRead(read.Request, read.Document.RootElement, problems);
        }

        return read;
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return true;
        }

        return MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && (mediaType.MediaType.Equals(JsonContentType, StringComparison.OrdinalIgnoreCase)
                || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
    }

    private async Task StreamAsync(IAsyncEnumerable<ChatCompletionChunk> chunks, bool includeUsage, HttpResponse response, IServerStreamWriter<HttpBody> responseStream, CancellationToken cancellationToken)
    {
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var buffer = new ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(buffer, OpenAiJson.WriterOptions);
        try
        {
            await foreach (var chunk in chunks.WithCancellation(cancellationToken))
            {
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
                buffer.Write(DataPrefix);
                OpenAiResponseWriter.WriteChunk(writer, chunk, includeUsage);
                writer.Flush();
                buffer.Write(EventSuffix);
                await responseStream.WriteAsync(new HttpBody { ContentType = EventStreamContentType, Data = ByteString.CopyFrom(buffer.WrittenSpan) }, cancellationToken);
            }

            await responseStream.WriteAsync(new HttpBody { ContentType = EventStreamContentType, Data = DoneEvent }, cancellationToken);
        }
        catch (ChatCompletionException exception) when (response.HasStarted)
        {
            // Headers are gone: the only way left to tell the client is an error event.
            ChatGrpcLog.StreamFailed(logger, exception.Kind);
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            buffer.Write(DataPrefix);
            OpenAiErrorJson.Write(writer, exception);
            writer.Flush();
            buffer.Write(EventSuffix);
            await responseStream.WriteAsync(new HttpBody { ContentType = EventStreamContentType, Data = ByteString.CopyFrom(buffer.WrittenSpan) }, cancellationToken);
        }
    }

    private static ByteString Serialize(ChatCompletion completion)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, OpenAiJson.WriterOptions))
        {
            OpenAiResponseWriter.WriteCompletion(writer, completion);
        }

        return UnsafeByteOperations.UnsafeWrap(buffer.WrittenMemory);
    }
}
