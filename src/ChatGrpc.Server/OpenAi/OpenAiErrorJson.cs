using System.Text.Json;
using ChatGrpc.Server.Errors;

namespace ChatGrpc.Server.OpenAi;

/// <summary>OpenAI's error object, <c>{"error": {"message", "type", "param", "code"}}</c>, named from <see cref="ChatErrors"/>.</summary>
public static class OpenAiErrorJson
{
    public static void Write(Utf8JsonWriter writer, ChatCompletionException exception)
    {
        writer.WriteStartObject();
        WriteErrorProperty(writer, exception);
        writer.WriteEndObject();
    }

    /// <summary>Writes the <c>"error": {...}</c> property into an object already open.</summary>
    public static void WriteErrorProperty(Utf8JsonWriter writer, ChatCompletionException exception)
    {
        var descriptor = ChatErrors.Describe(exception.Kind);
        writer.WriteStartObject("error");
        writer.WriteString("message", exception.Message);
        writer.WriteString("type", descriptor.OpenAiType);
        writer.WriteString("param", exception.Param);
        writer.WriteString("code", exception.Code ?? descriptor.OpenAiCode);
        writer.WriteEndObject();
    }
}
