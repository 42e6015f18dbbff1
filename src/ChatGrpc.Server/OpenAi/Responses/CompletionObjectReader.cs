using System.Buffers;
using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Server.OpenAi.Responses;

/// <summary>Reads what a choice carries (its <c>message</c> or its <c>delta</c>); the reader stands on the value.</summary>
internal delegate void ChoiceContentReader<in TChoice>(ref Utf8JsonReader reader, TChoice choice);

/// <summary>
/// Reads a <c>chat.completion</c> or a <c>chat.completion.chunk</c> with one <see cref="Utf8JsonReader"/> pass: the
/// keys the two share are read here once, the one that differs (a choice's <c>message</c> or <c>delta</c>) by the
/// caller's reader. Keys the proto does not name are kept, as sent, in <c>extra_fields</c> (of the object or the
/// choice); values of an unexpected type are skipped.
/// </summary>
internal static class CompletionObjectReader
{
    /// <exception cref="JsonException">The bytes are not a JSON object.</exception>
    public static TObject Read<TObject, TChoice>(
        ReadOnlySequence<byte> json, string notAnObject, ReadOnlySpan<byte> contentKey, ChoiceContentReader<TChoice> readContent)
        where TObject : IChatCompletionObject<TChoice>, new()
        where TChoice : IChatCompletionChoice, new()
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException(notAnObject);
        }

        var answer = new TObject();
        while (JsonValues.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                answer.Id = JsonValues.String(ref reader) ?? string.Empty;
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                reader.Read();
                answer.Created = JsonValues.Int64(ref reader) ?? 0;
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                answer.Model = JsonValues.String(ref reader) ?? string.Empty;
            }
            else if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                ReadChoices(ref reader, answer.Choices, contentKey, readContent);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                answer.Usage = UsageReader.Read(ref reader);
            }
            else if (reader.ValueTextEquals("system_fingerprint"u8))
            {
                reader.Read();
                if (JsonValues.String(ref reader) is { } fingerprint)
                {
                    answer.SystemFingerprint = fingerprint;
                }
            }
            else if (reader.ValueTextEquals("service_tier"u8))
            {
                reader.Read();
                if (EnumLiteralTables.ServiceTier.Read(ref reader) is var tier and not 0)
                {
                    answer.ServiceTier = (ServiceTier)tier;
                }
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                // Always "chat.completion" or "chat.completion.chunk": the writer writes it.
                reader.Read();
                reader.Skip();
            }
            else
            {
                Struct? extras = answer.ExtraFields;
                ExtraFieldsReader.Add(ref reader, ref extras);
                answer.ExtraFields = extras;
            }
        }

        return answer;
    }

    private static void ReadChoices<TChoice>(
        ref Utf8JsonReader reader, RepeatedField<TChoice> choices, ReadOnlySpan<byte> contentKey, ChoiceContentReader<TChoice> readContent)
        where TChoice : IChatCompletionChoice, new()
    {
        if (!JsonValues.StartsArray(ref reader))
        {
            return;
        }

        while (JsonValues.NextItem(ref reader))
        {
            if (!JsonValues.StartsObject(ref reader))
            {
                continue;
            }

            var choice = new TChoice();
            while (JsonValues.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals(contentKey))
                {
                    reader.Read();
                    readContent(ref reader, choice);
                }
                else if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    choice.Index = JsonValues.Int32(ref reader) ?? 0;
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    choice.FinishReason = (FinishReason)EnumLiteralTables.FinishReason.Read(ref reader);
                }
                else if (reader.ValueTextEquals("logprobs"u8))
                {
                    reader.Read();
                    choice.Logprobs = LogprobsReader.Read(ref reader);
                }
                else
                {
                    Struct? extras = choice.ExtraFields;
                    ExtraFieldsReader.Add(ref reader, ref extras);
                    choice.ExtraFields = extras;
                }
            }

            choices.Add(choice);
        }
    }
}
