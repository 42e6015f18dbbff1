using System.Text.Json;
using ChatGrpc.Server.Errors;

namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>The error body every non-422 answer carries: FastAPI's <c>detail</c> beside OpenAI's <c>error</c> object.</summary>
internal static class ErrorBody
{
    public static string Json(ChatErrorKind kind, string message, string? param = null, string? code = null)
    {
        var descriptor = ChatErrors.Describe(kind);
        return JsonSerializer.Serialize(new
        {
            detail = message,
            error = new { message, type = descriptor.OpenAiType, param, code = code ?? descriptor.OpenAiCode },
        });
    }

    /// <summary>The error object alone, as an SSE error event carries it.</summary>
    public static string EventJson(ChatErrorKind kind, string message)
    {
        var descriptor = ChatErrors.Describe(kind);
        return JsonSerializer.Serialize(new { error = new { message, type = descriptor.OpenAiType, param = (string?)null, code = descriptor.OpenAiCode } });
    }
}
