using System.Text.Json;
using ChatGrpc.Server.OpenAi.Writing;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi;

/// <summary>
/// Writes answers in OpenAI's JSON wire format: a <c>chat.completion</c> object, or one
/// <c>chat.completion.chunk</c> of a stream, exactly as OpenAI's API sends them, with an upstream's keys the
/// proto does not name (<c>extra_fields</c>) put back where they were.
/// </summary>
internal static class OpenAiResponseWriter
{
    public static void WriteCompletion(Utf8JsonWriter writer, ChatCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(completion);
        writer.WriteStartObject();
        writer.WriteString("id"u8, completion.Id);
        writer.WriteString("object"u8, "chat.completion"u8);
        writer.WriteNumber("created"u8, completion.Created);
        writer.WriteString("model"u8, completion.Model);
        writer.WriteStartArray("choices"u8);
        var choices = completion.Choices;
        for (var i = 0; i < choices.Count; i++)
        {
            var choice = choices[i];
            writer.WriteStartObject();
            writer.WriteNumber("index"u8, choice.Index);
            CompletionMessageJson.Write(writer, choice.Message);
            LogprobsJson.Write(writer, choice.Logprobs);
            EnumLiteralTables.FinishReason.Write(writer, "finish_reason"u8, (int)choice.FinishReason);
            ProtoStructJson.WriteExtraFields(writer, choice.ExtraFields);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (completion.Usage is { } usage)
        {
            writer.WritePropertyName("usage"u8);
            UsageJson.Write(writer, usage);
        }

        writer.WriteStringIfSet("system_fingerprint"u8, completion.HasSystemFingerprint, completion.SystemFingerprint);

        if (completion.HasServiceTier)
        {
            EnumLiteralTables.ServiceTier.Write(writer, "service_tier"u8, (int)completion.ServiceTier);
        }

        ProtoStructJson.WriteExtraFields(writer, completion.ExtraFields);

        writer.WriteEndObject();
    }

    /// <param name="includeUsage">
    /// The request's <c>stream_options.include_usage</c>: then every chunk has a <c>usage</c> key, null until
    /// the final usage chunk, as OpenAI's stream does.
    /// </param>
    public static void WriteChunk(Utf8JsonWriter writer, ChatCompletionChunk chunk, bool includeUsage)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(chunk);
        writer.WriteStartObject();
        writer.WriteString("id"u8, chunk.Id);
        writer.WriteString("object"u8, "chat.completion.chunk"u8);
        writer.WriteNumber("created"u8, chunk.Created);
        writer.WriteString("model"u8, chunk.Model);
        writer.WriteStartArray("choices"u8);
        var choices = chunk.Choices;
        for (var i = 0; i < choices.Count; i++)
        {
            var choice = choices[i];
            writer.WriteStartObject();
            writer.WriteNumber("index"u8, choice.Index);
            ChunkDeltaJson.Write(writer, choice.Delta);
            LogprobsJson.Write(writer, choice.Logprobs);
            EnumLiteralTables.FinishReason.Write(writer, "finish_reason"u8, (int)choice.FinishReason);
            ProtoStructJson.WriteExtraFields(writer, choice.ExtraFields);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (chunk.Usage is { } usage)
        {
            writer.WritePropertyName("usage"u8);
            UsageJson.Write(writer, usage);
        }
        else if (includeUsage)
        {
            writer.WriteNull("usage"u8);
        }

        writer.WriteStringIfSet("system_fingerprint"u8, chunk.HasSystemFingerprint, chunk.SystemFingerprint);

        if (chunk.HasServiceTier)
        {
            EnumLiteralTables.ServiceTier.Write(writer, "service_tier"u8, (int)chunk.ServiceTier);
        }

        ProtoStructJson.WriteExtraFields(writer, chunk.ExtraFields);

        writer.WriteEndObject();
    }
}
