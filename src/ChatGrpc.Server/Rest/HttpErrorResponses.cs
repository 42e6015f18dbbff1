using System.Text.Json;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.Server.Validation;

namespace ChatGrpc.Server.Rest;

/// <summary>
/// Writes error answers on the REST surface and completes the response, so that nothing JSON transcoding writes
/// afterwards (it would reset the status to 200) reaches the client. Every body carries both shapes: FastAPI's
/// <c>detail</c>, and OpenAI's <c>error</c> object, which the OpenAI SDKs read.
/// </summary>
internal static class HttpErrorResponses
{
    /// <summary><c>{"detail": "...", "error": {...}}</c> with the kind's status, and <c>Retry-After</c> where it has one.</summary>
    public static Task WriteErrorAsync(HttpResponse response, ChatCompletionException exception)
    {
        if (exception.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = RetryAfterSeconds(retryAfter);
        }

        var status = exception.UpstreamStatus ?? ChatErrors.Describe(exception.Kind).HttpStatus;
        return WriteAsync(response, status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("detail", exception.Message);
            OpenAiErrorJson.WriteErrorProperty(writer, exception, RequestId.Of(response.HttpContext));
            writer.WriteEndObject();
        });
    }

    /// <summary>
    /// 422 with FastAPI's <c>{"detail": [...]}</c>, and beside it an OpenAI <c>error</c> that names the first problem
    /// (<c>param</c> its location, <c>code</c> its Pydantic type) and says how many there are, for the OpenAI SDKs.
    /// </summary>
    public static Task WriteValidationProblemsAsync(HttpResponse response, IReadOnlyList<ValidationProblem> problems)
    {
        ArgumentOutOfRangeException.ThrowIfZero(problems.Count);
        return WriteAsync(response, StatusCodes.Status422UnprocessableEntity, writer =>
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
            OpenAiErrorJson.WriteErrorProperty(
                writer,
                new ChatCompletionException(ChatErrorKind.ValidationFailed, $"{param ?? "body"}: {first.Message}{more}") { Param = param, Code = first.Type },
                RequestId.Of(response.HttpContext));
            writer.WriteEndObject();
        });
    }

    /// <summary>Whole seconds, rounded up: a client that waits exactly that long is not refused again.</summary>
    public static string RetryAfterSeconds(TimeSpan retryAfter) =>
        Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task WriteAsync(HttpResponse response, int statusCode, Action<Utf8JsonWriter> write)
    {
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(response.BodyWriter, OpenAiJson.WriterOptions))
        {
            write(writer);
        }

        await response.CompleteAsync();
    }
}
