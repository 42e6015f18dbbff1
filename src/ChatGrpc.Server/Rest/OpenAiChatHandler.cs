using System.Text.Json;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Completions;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Limits;
using ChatGrpc.Server.Logging;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Google.Api;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ChatGrpc.Server.Rest;

/// <summary>
/// Serves <c>POST /api/v1/openai/chat/completions</c> in OpenAI's wire format, as an adapter of the pipeline: reads
/// the body once, fails with the problems when it is not valid (a 422 in FastAPI's shape), otherwise calls
/// <see cref="ChatCompletionPipeline"/> and writes a <c>chat.completion</c>, or with <c>"stream": true</c>
/// Server-Sent Events ending with <c>[DONE]</c>. A failure after the stream started is a last
/// <c>data: {"error": {...}}</c> event, then <c>[DONE]</c>.
/// </summary>
internal sealed class OpenAiChatHandler(
    ChatRequestValidator validator,
    ChatCompletionPipeline pipeline,
    CallContextFactory calls,
    IOptions<ValidationOptions> validation,
    IOptions<LimitsOptions> limits,
    ILogger<OpenAiChatHandler> logger)
{
    private const string JsonContentType = "application/json";

    private readonly OpenAiReadOptions _readOptions = new() { RejectUnknownFields = validation.Value.RejectUnknownFields };

    public async Task HandleAsync(HttpBody body, IServerStreamWriter<HttpBody> responseStream, ServerCallContext context)
    {
        var httpContext = context.GetHttpContext();
        var response = httpContext.Response;
        var problems = new List<ValidationProblem>();
        var read = ReadRequest(body.ContentType, httpContext.Features.Get<BufferedRequestBody>()?.Content ?? body.Data.Memory, problems);
        if (problems.Count > 0)
        {
            // Rendered, like every failure before the answer starts, by the error interceptor: FastAPI's 422 over REST,
            // INVALID_ARGUMENT over gRPC (the RPC is reachable there too: reflection lists it). The problems quote the
            // body as read, so its document lives until the response is done, past this method.
            if (read is not null)
            {
                response.RegisterForDispose(read);
            }

            ValidationProblemOrder.Sort(problems);
            throw ChatCompletionException.Invalid(problems);
        }

        using var valid = read!;
        var isRest = Transports.Of(httpContext) == CallTransport.Rest;
        var request = valid.Request;
        using var scope = calls.Create(context);
        var call = scope.Call;
        using var answer = new OpenAiAnswerWriter(response, isRest ? null : responseStream);
        if (request.Stream)
        {
            await StreamAsync(call, request, response, answer);
            return;
        }

        // Failures before anything is written reach ErrorMappingInterceptor, which answers them in full.
        var completion = await pipeline.CompleteAsync(call, request);
        if (!isRest)
        {
            CallContextFactory.AddTrailers(context, call);
        }

        await answer.WriteCompletionAsync(completion, call.CancellationToken);
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

        var read = OpenAiRequestReader.Read(content, _readOptions);
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

    private async Task StreamAsync(CallContext call, CreateChatCompletionRequest request, HttpResponse response, OpenAiAnswerWriter answer)
    {
        var includeUsage = request.StreamOptions?.IncludeUsage == true;
        await using var chunks = pipeline.StreamAsync(call, request).GetAsyncEnumerator(call.CancellationToken);
        try
        {
            // The first chunk decides between an ordinary error answer and an event stream.
            if (!await chunks.MoveNextAsync())
            {
                WriteStreamHeaders(response);
                await answer.WriteDoneAsync(call.CancellationToken);
                return;
            }

            WriteStreamHeaders(response);
            response.Headers["X-Accel-Buffering"] = "no";
            do
            {
                await answer.WriteEventAsync((chunks.Current, includeUsage), static (writer, chunk) => OpenAiResponseWriter.WriteChunk(writer, chunk.Current, chunk.includeUsage), call.CancellationToken);
            }
            while (await chunks.MoveNextAsync());

            await answer.WriteDoneAsync(call.CancellationToken);
        }
        catch (ChatCompletionException exception) when (response.HasStarted)
        {
            if (exception.Kind == ChatErrorKind.ClientClosed)
            {
                if (call.WritesStalled)
                {
                    ChatGrpcLog.StalledClientCut(logger, call.RequestId, limits.Value.StalledClientTimeout);
                }

                return;
            }

            ChatGrpcLog.StreamFailed(logger, call.RequestId, exception.Kind);
            await RestErrorRenderer.WriteStreamErrorAsync(answer, exception, call.RequestId);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && call.CancellationToken.IsCancellationRequested)
        {
            // Writing to a client that went away, or stopped reading: nothing left to tell anyone.
            if (call.WritesStalled)
            {
                ChatGrpcLog.StalledClientCut(logger, call.RequestId, limits.Value.StalledClientTimeout);
            }
            else
            {
                ChatGrpcLog.ClientWentAway(logger, call.RequestId);
            }

            call.Record.Failure = ChatErrorKind.ClientClosed;
        }
    }

    private static void WriteStreamHeaders(HttpResponse response)
    {
        if (!response.HasStarted)
        {
            response.Headers.CacheControl = "no-cache";
        }
    }
}
