using System.Text.Json;
using ChatGrpc.V1;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.OpenAi.Writing;

/// <summary>
/// A choice's <c>logprobs</c>: <c>null</c> when not requested, else <c>{"content", "refusal"}</c>, each a list
/// of tokens or <c>null</c> when the answer has no such part.
/// </summary>
internal static class LogprobsJson
{
    public static void Write(Utf8JsonWriter writer, ChoiceLogprobs? logprobs)
    {
        writer.WritePropertyName("logprobs"u8);
        if (logprobs is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        WriteTokens(writer, "content"u8, logprobs.Content);
        WriteTokens(writer, "refusal"u8, logprobs.Refusal);
        writer.WriteEndObject();
    }

    private static void WriteTokens(Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, RepeatedField<TokenLogprob> tokens)
    {
        writer.WritePropertyName(propertyName);
        if (tokens.Count == 0)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartArray();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            writer.WriteStartObject();
            writer.WriteString("token"u8, token.Token);
            writer.WriteNumber("logprob"u8, token.Logprob);
            WriteBytes(writer, token.Bytes);
            writer.WriteStartArray("top_logprobs"u8);
            for (var j = 0; j < token.TopLogprobs.Count; j++)
            {
                var top = token.TopLogprobs[j];
                writer.WriteStartObject();
                writer.WriteString("token"u8, top.Token);
                writer.WriteNumber("logprob"u8, top.Logprob);
                WriteBytes(writer, top.Bytes);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteBytes(Utf8JsonWriter writer, RepeatedField<int> bytes)
    {
        writer.WritePropertyName("bytes"u8);
        if (bytes.Count == 0)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartArray();
        for (var i = 0; i < bytes.Count; i++)
        {
            writer.WriteNumberValue(bytes[i]);
        }

        writer.WriteEndArray();
    }
}
