using System.Buffers;
using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Responses;

/// <summary>
/// Reads a <c>chat.completion</c> or a <c>chat.completion.chunk</c> with one <see cref="Utf8JsonReader"/> pass: the
/// keys the two share are one table here, the one that differs (a choice's <c>message</c> or <c>delta</c>) is the
/// caller's row. Keys the proto does not name are kept, as sent, in <c>extra_fields</c> (of the object or the
/// choice); values of an unexpected type are skipped.
/// </summary>
internal static class CompletionObjectReader
{
    /// <summary>The reader of one of the two objects, to be made once.</summary>
    /// <param name="content">The choice's <c>message</c> or <c>delta</c>.</param>
    /// <param name="completeChoice">Gives a choice whose content was left out or null an empty one, as the proto's readers expect.</param>
    public static JsonObjectReader<TObject> Create<TObject, TChoice>(KnownProperty<TChoice> content, Action<TChoice> completeChoice)
        where TObject : class, IChatCompletionObject<TChoice>, new()
        where TChoice : class, IChatCompletionChoice, new()
    {
        var choiceReader = new JsonObjectReader<TChoice>(
            [
                content,
                new("index"u8, static (ref reader, choice) => choice.Index = JsonValues.Int32(ref reader) ?? 0),
                new("finish_reason"u8, static (ref reader, choice) => choice.FinishReason = (FinishReason)EnumLiteralTables.FinishReason.Read(ref reader)),
                new("logprobs"u8, static (ref reader, choice) => choice.Logprobs = LogprobsReader.Read(ref reader)),
            ],
            static (ref reader, choice) => choice.ExtraFields = ExtraFieldsReader.Add(ref reader, choice.ExtraFields),
            completeChoice);

        return new JsonObjectReader<TObject>(
            [
                new("id"u8, static (ref reader, answer) => answer.Id = JsonValues.String(ref reader) ?? string.Empty),
                new("created"u8, static (ref reader, answer) => answer.Created = JsonValues.Int64(ref reader) ?? 0),
                new("model"u8, static (ref reader, answer) => answer.Model = JsonValues.String(ref reader) ?? string.Empty),

                // The one row made per object type rather than static: it reads with that type's choice reader.
                new("choices"u8, (ref reader, answer) => choiceReader.ReadList(ref reader, answer.Choices)),
                new("usage"u8, static (ref reader, answer) => answer.Usage = UsageReader.Read(ref reader)),
                new("system_fingerprint"u8, static (ref reader, answer) => { if (JsonValues.String(ref reader) is { } fingerprint) { answer.SystemFingerprint = fingerprint; } }),
                new("service_tier"u8, static (ref reader, answer) => { if (EnumLiteralTables.ServiceTier.Read(ref reader) is var tier and not 0) { answer.ServiceTier = (ServiceTier)tier; } }),

                // Always "chat.completion" or "chat.completion.chunk": the writer writes it.
                new("object"u8, static (ref reader, _) => reader.Skip()),
            ],
            static (ref reader, answer) => answer.ExtraFields = ExtraFieldsReader.Add(ref reader, answer.ExtraFields));
    }

    /// <exception cref="JsonException">The bytes are not a JSON object: <paramref name="notAnObject"/> says what they should have been.</exception>
    public static TObject Read<TObject>(ReadOnlySequence<byte> json, JsonObjectReader<TObject> objectReader, string notAnObject)
        where TObject : class, new()
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException(notAnObject);
        }

        return objectReader.ReadObject(ref reader);
    }
}
