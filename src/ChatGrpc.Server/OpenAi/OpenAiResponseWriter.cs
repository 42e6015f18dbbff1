using System.Text.Json;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi;

/// <summary>Writes answers in OpenAI's JSON wire format. (Stub: being written.)</summary>
public static class OpenAiResponseWriter
{
    public static void WriteCompletion(Utf8JsonWriter writer, ChatCompletion completion) => throw new NotImplementedException();

    public static void WriteChunk(Utf8JsonWriter writer, ChatCompletionChunk chunk, bool includeUsage) => throw new NotImplementedException();
}
