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
/// the body once, answers 422 in FastAPI's shape when it is not valid, otherwise calls
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
    TimeProvider timeProvider,
    ILogger<OpenAiChatHandler> logger)
{
    private const string JsonContentType = "application/json";

    private readonly OpenAiReadOptions _readOptions = new() { RejectUnknownFields = validation.Value.RejectUnknownFields };

    public async Task HandleAsync(HttpBody body, IServerStreamWriter<HttpBody> responseStream, ServerCallContext context)
    {
        var httpContext = context.GetHttpContext();
        var response = httpContext.Response;
        var problems = new List<ValidationProblem>();
        using var read = ReadRequest(body.ContentType, httpContext.Features.Get<BufferedRequestBody>()?.Content ?? body.Data.Memory, problems);
        // The RPC is reachable over gRPC too (reflection lists it): there, errors are gRPC statuses, not HTTP answers.
        var isRest = Transports.Of(httpContext) == CallTransport.Rest;
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
            context.ResponseTrailers.Add(CallContextFactory.CostHeader, CallContextFactory.FormatCost(call.Record.Cost));
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
        using var stalled = new StalledWriteGuard(response.HttpContext, limits.Value.StalledClientTimeout, timeProvider);
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
                stalled.Arm();
                await answer.WriteEventAsync((chunks.Current, includeUsage), static (writer, chunk) => OpenAiResponseWriter.WriteChunk(writer, chunk.Current, chunk.includeUsage), call.CancellationToken);
                stalled.Disarm();
            }
            while (await chunks.MoveNextAsync());

            await answer.WriteDoneAsync(call.CancellationToken);
        }
        catch (ChatCompletionException exception) when (response.HasStarted)
        {
            if (exception.Kind == ChatErrorKind.ClientClosed)
            {
                if (stalled.Fired)
                {
                    ChatGrpcLog.StalledClientCut(logger, call.RequestId, limits.Value.StalledClientTimeout);
                }

                return;
            }

            // Headers are gone: the only way left to tell the client is an error event, then the end of the stream.
            ChatGrpcLog.StreamFailed(logger, call.RequestId, exception.Kind);
            // The call's own token may be what ended it (shutdown): the last events go out regardless, bounded by the host.
            await answer.WriteEventAsync((exception, call.RequestId), static (writer, failure) => OpenAiErrorJson.Write(writer, failure.exception, failure.RequestId), CancellationToken.None);
            await answer.WriteDoneAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && call.CancellationToken.IsCancellationRequested)
        {
            // Writing to a client that went away, or stopped reading: nothing left to tell anyone.
            if (stalled.Fired)
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
