using System.Buffers;
using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Server.OpenAi.Responses;

/// <summary>
/// Reads an OpenAI-compatible upstream's <c>chat.completion</c> JSON into the proto answer, with one
/// <see cref="Utf8JsonReader"/> pass over the received bytes. Keys the proto does not name are kept, as sent, in
/// <c>extra_fields</c> (of the answer, the choice or the message); values of an unexpected type are skipped.
/// </summary>
internal static class OpenAiCompletionReader
{
    /// <exception cref="JsonException">The bytes are not a JSON object.</exception>
    public static ChatCompletion Read(ReadOnlySequence<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The answer is not a JSON object.");
        }

        var completion = new ChatCompletion();
        while (JsonValues.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                completion.Id = JsonValues.String(ref reader) ?? string.Empty;
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                reader.Read();
                completion.Created = JsonValues.Int64(ref reader) ?? 0;
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                completion.Model = JsonValues.String(ref reader) ?? string.Empty;
            }
            else if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                ReadChoices(ref reader, completion);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                completion.Usage = UsageReader.Read(ref reader);
            }
            else if (reader.ValueTextEquals("system_fingerprint"u8))
            {
                reader.Read();
                if (JsonValues.String(ref reader) is { } fingerprint)
                {
                    completion.SystemFingerprint = fingerprint;
                }
            }
            else if (reader.ValueTextEquals("service_tier"u8))
            {
                reader.Read();
                if (EnumLiteralTables.ServiceTier.Read(ref reader) is var tier and not 0)
                {
                    completion.ServiceTier = (ServiceTier)tier;
                }
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                // Always "chat.completion": the writer writes it.
                reader.Read();
                reader.Skip();
            }
            else
            {
                Struct? extras = completion.ExtraFields;
                ExtraFieldsReader.Add(ref reader, ref extras);
                completion.ExtraFields = extras;
            }
        }

        return completion;
    }

    private static void ReadChoices(ref Utf8JsonReader reader, ChatCompletion completion)
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

            var choice = new ChatCompletionChoice();
            while (JsonValues.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    choice.Index = JsonValues.Int32(ref reader) ?? 0;
                }
                else if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    choice.Message = CompletionMessageReader.Read(ref reader);
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

            choice.Message ??= new ChatCompletionMessage();
            completion.Choices.Add(choice);
        }
    }
}
