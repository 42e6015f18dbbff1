using System.Text.Json;
using ChatGrpc.Server.Errors;

namespace ChatGrpc.Server.OpenAi;

/// <summary>OpenAI's error object, <c>{"error": {"message", "type", "param", "code"}}</c>, named from <see cref="ChatErrors"/>.</summary>
internal static class OpenAiErrorJson
{
    public static void Write(Utf8JsonWriter writer, ChatCompletionException exception, string? requestId)
    {
        writer.WriteStartObject();
        WriteErrorProperty(writer, exception, requestId);
        writer.WriteEndObject();
    }

    /// <summary>Writes the <c>"error": {...}</c> property into an object already open, with the call's request id.</summary>
    public static void WriteErrorProperty(Utf8JsonWriter writer, ChatCompletionException exception, string? requestId)
    {
        var descriptor = ChatErrors.Describe(exception.Kind);
        writer.WriteStartObject("error");
        writer.WriteString("message", exception.Message);
        writer.WriteString("type", descriptor.OpenAiType);
        writer.WriteString("param", exception.Param);
        writer.WriteString("code", exception.Code ?? descriptor.OpenAiCode);
        if (requestId is not null)
        {
            writer.WriteString("request_id", requestId);
        }

        writer.WriteEndObject();
    }
}
