using System.Text.Json;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.Server.Validation;
using Grpc.Core;

namespace ChatGrpc.Server.Rest;

/// <summary>
/// The one writer of REST failures, for the middlewares that answer before transcoding, for transcoded calls (through
/// <c>Grpc.ErrorMappingInterceptor</c>) and for a stream that fails after its headers. The status is the kind's row of
/// <see cref="ChatErrors"/> (or an upstream's own, relayed); every body carries both shapes, FastAPI's <c>detail</c>
/// and OpenAI's <c>error</c> object, which the OpenAI SDKs read; a validation failure's <c>detail</c> is FastAPI's list
/// of problems. Each answer is recorded on the call's <see cref="CallRecord"/> as the kind it is. Its gRPC counterpart
/// is <c>Grpc.GrpcErrorRenderer</c>.
/// </summary>
internal static class RestErrorRenderer
{
    private const string JsonContentType = "application/json";

    /// <summary>
    /// Answers with <paramref name="failure"/> in full and completes the response, so that nothing written afterwards
    /// (JSON transcoding would reset the status to 200) reaches the client. Sets <c>Retry-After</c> and
    /// <c>WWW-Authenticate</c> where the failure has them.
    /// </summary>
    public static async Task WriteAsync(HttpResponse response, ChatCompletionException failure)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(failure);
        CallRecord.RecordFailure(response.HttpContext, failure.Kind);
        if (failure.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = RetryAfterSeconds(retryAfter);
        }

        if (failure.Challenge is { } challenge)
        {
            response.Headers.WWWAuthenticate = challenge;
        }

        response.StatusCode = failure.UpstreamStatus ?? ChatErrors.Describe(failure.Kind).HttpStatus;
        response.ContentType = JsonContentType;
        using (var writer = new Utf8JsonWriter(response.BodyWriter, OpenAiJson.WriterOptions))
        {
            var requestId = RequestId.Of(response.HttpContext);
            if (failure.Problems is { } problems)
            {
                WriteProblems(writer, failure.Kind, problems, requestId);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteString("detail", failure.Message);
                OpenAiErrorJson.WriteErrorProperty(writer, failure, requestId);
                writer.WriteEndObject();
            }
        }

        await response.CompleteAsync();
    }

    /// <summary>
    /// Ends a transcoded call with <paramref name="failure"/>: the answer written in full (nothing, when the client
    /// left), then the call's status set, which the call must still end with. Transcoding then writes an error body of
    /// its own; writing to a completed response would throw, so what follows is discarded instead.
    /// </summary>
    /// <returns>False when the answer had already started: only the call's gRPC status can end it.</returns>
    public static async Task<bool> TryEndCallAsync(ServerCallContext context, ChatCompletionException failure)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(failure);
        var response = context.GetHttpContext().Response;
        if (failure.Kind == ChatErrorKind.ClientClosed)
        {
            // Nobody is left to read an answer: end the call quietly.
            CallRecord.RecordFailure(response.HttpContext, failure.Kind);
        }
        else if (response.HasStarted)
        {
            return false;
        }
        else
        {
            await WriteAsync(response, failure);
        }

        response.Body = Stream.Null;
        context.Status = new Status(ChatErrors.Describe(failure.Kind).GrpcStatus, failure.Message);
        return true;
    }

    /// <summary>
    /// The failure of a stream whose headers are gone, which leaves one way to tell the client: a last
    /// <c>data: {"error": {...}}</c> event, then <c>[DONE]</c>. The call's own token may be what ended it (shutdown):
    /// the events go out regardless, bounded by the host.
    /// </summary>
    public static async Task WriteStreamErrorAsync(OpenAiAnswerWriter answer, ChatCompletionException failure, string requestId)
    {
        ArgumentNullException.ThrowIfNull(answer);
        await answer.WriteEventAsync((failure, requestId), static (writer, state) => OpenAiErrorJson.Write(writer, state.failure, state.requestId), CancellationToken.None);
        await answer.WriteDoneAsync(CancellationToken.None);
    }

    /// <summary>Whole seconds, rounded up: a client that waits exactly that long is not refused again.</summary>
    public static string RetryAfterSeconds(TimeSpan retryAfter) =>
        Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// FastAPI's <c>{"detail": [...]}</c>, and beside it an OpenAI <c>error</c> that names the first problem
    /// (<c>param</c> its location, <c>code</c> its Pydantic type) and says how many there are, for the OpenAI SDKs.
    /// </summary>
    private static void WriteProblems(Utf8JsonWriter writer, ChatErrorKind kind, IReadOnlyList<ValidationProblem> problems, string requestId)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("detail");
        foreach (var problem in problems)
        {
            ValidationProblemJson.WriteProblem(writer, problem);
        }

        writer.WriteEndArray();
        var first = problems[0];
        var param = first.Location.Count == 0 ? null : string.Join('.', first.Location);
        var more = problems.Count switch
        {
            1 => string.Empty,
            2 => " (and 1 more problem)",
            _ => $" (and {problems.Count - 1} more problems)",
        };
        OpenAiErrorJson.WriteErrorProperty(writer, new ChatCompletionException(kind, $"{param ?? "body"}: {first.Message}{more}") { Param = param, Code = first.Type }, requestId);
        writer.WriteEndObject();
    }
}
