using System.Text.Json;
using ChatGrpc.Server.Validation;
using Microsoft.AspNetCore.Http;

namespace ChatGrpc.Server.Errors;

/// <summary>
/// Writes FastAPI-shaped error answers on the REST surface and completes the response, so that nothing
/// JSON transcoding writes afterwards (it would reset the status to 200) reaches the client.
/// </summary>
public static class HttpErrorResponses
{
    /// <summary><c>{"detail": "..."}</c> with <paramref name="statusCode"/>.</summary>
    public static Task WriteDetailAsync(HttpResponse response, int statusCode, string detail)
    {
        return WriteAsync(response, statusCode, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        });
    }

    /// <summary>A provider's failure, in OpenAI's shape (<c>{"error": {"message", "type", "param", "code"}}</c>), as OpenAI's SDKs parse it.</summary>
    public static Task WriteOpenAiErrorAsync(HttpResponse response, ChatCompletionException exception) =>
        WriteAsync(response, ChatErrorMapping.ToHttpStatus(exception.Kind), writer => OpenAi.OpenAiErrorJson.Write(writer, exception));

    /// <summary>422 with <c>{"detail": [...]}</c>.</summary>
    public static Task WriteValidationProblemsAsync(HttpResponse response, IReadOnlyList<ValidationProblem> problems) =>
        WriteAsync(response, StatusCodes.Status422UnprocessableEntity, writer => ValidationProblemJson.WriteDetail(writer, problems));

    private static async Task WriteAsync(HttpResponse response, int statusCode, Action<Utf8JsonWriter> write)
    {
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(response.BodyWriter, OpenAi.OpenAiJson.WriterOptions))
        {
            write(writer);
        }

        await response.CompleteAsync();
    }
}
