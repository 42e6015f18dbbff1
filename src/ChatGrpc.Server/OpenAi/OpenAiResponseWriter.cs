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
        WriteObject(writer, completion, "chat.completion"u8, static (writer, choice) => CompletionMessageJson.Write(writer, choice.Message), includeUsage: false);
    }

    /// <param name="includeUsage">
    /// The request's <c>stream_options.include_usage</c>: then every chunk has a <c>usage</c> key, null until
    /// the final usage chunk, as OpenAI's stream does.
    /// </param>
    public static void WriteChunk(Utf8JsonWriter writer, ChatCompletionChunk chunk, bool includeUsage)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(chunk);
        WriteObject(writer, chunk, "chat.completion.chunk"u8, static (writer, choice) => ChunkDeltaJson.Write(writer, choice.Delta), includeUsage);
    }

    /// <summary>The keys an answer and a chunk share, in OpenAI's order; <paramref name="writeContent"/> writes a choice's message or delta.</summary>
    private static void WriteObject<TChoice>(
        Utf8JsonWriter writer, IChatCompletionObject<TChoice> answer, ReadOnlySpan<byte> objectType, Action<Utf8JsonWriter, TChoice> writeContent, bool includeUsage)
        where TChoice : IChatCompletionChoice
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, answer.Id);
        writer.WriteString("object"u8, objectType);
        writer.WriteNumber("created"u8, answer.Created);
        writer.WriteString("model"u8, answer.Model);
        writer.WriteStartArray("choices"u8);
        var choices = answer.Choices;
        for (var i = 0; i < choices.Count; i++)
        {
            var choice = choices[i];
            writer.WriteStartObject();
            writer.WriteNumber("index"u8, choice.Index);
            writeContent(writer, choice);
            LogprobsJson.Write(writer, choice.Logprobs);
            EnumLiteralTables.FinishReason.Write(writer, "finish_reason"u8, (int)choice.FinishReason);
            ProtoStructJson.WriteExtraFields(writer, choice.ExtraFields);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (answer.Usage is { } usage)
        {
            writer.WritePropertyName("usage"u8);
            UsageJson.Write(writer, usage);
        }
        else if (includeUsage)
        {
            writer.WriteNull("usage"u8);
        }

        writer.WriteStringIfSet("system_fingerprint"u8, answer.HasSystemFingerprint, answer.SystemFingerprint);
        writer.WriteEnumIfSet(EnumLiteralTables.ServiceTier, "service_tier"u8, answer.HasServiceTier, (int)answer.ServiceTier);

        ProtoStructJson.WriteExtraFields(writer, answer.ExtraFields);
        writer.WriteEndObject();
    }
}
