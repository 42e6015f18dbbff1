using System.Text.Json;
using ChatGrpc.V1;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.OpenAi.Responses;

/// <summary>Reads a choice's <c>logprobs</c> object: content and refusal tokens with their likeliest alternatives.</summary>
internal static class LogprobsReader
{
    public static ChoiceLogprobs? Read(ref Utf8JsonReader reader)
    {
        if (!JsonValues.StartsObject(ref reader))
        {
            return null;
        }

        var logprobs = new ChoiceLogprobs();
        while (JsonValues.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                ReadTokens(ref reader, logprobs.Content);
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                reader.Read();
                ReadTokens(ref reader, logprobs.Refusal);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return logprobs;
    }

    private static void ReadTokens(ref Utf8JsonReader reader, RepeatedField<TokenLogprob> tokens)
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

            var token = new TokenLogprob();
            while (JsonValues.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("token"u8))
                {
                    reader.Read();
                    token.Token = JsonValues.String(ref reader) ?? string.Empty;
                }
                else if (reader.ValueTextEquals("logprob"u8))
                {
                    reader.Read();
                    token.Logprob = JsonValues.Double(ref reader) ?? 0;
                }
                else if (reader.ValueTextEquals("bytes"u8))
                {
                    reader.Read();
                    ReadBytes(ref reader, token.Bytes);
                }
                else if (reader.ValueTextEquals("top_logprobs"u8))
                {
                    reader.Read();
                    ReadTop(ref reader, token.TopLogprobs);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            tokens.Add(token);
        }
    }

    private static void ReadTop(ref Utf8JsonReader reader, RepeatedField<TopLogprob> top)
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

            var item = new TopLogprob();
            while (JsonValues.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("token"u8))
                {
                    reader.Read();
                    item.Token = JsonValues.String(ref reader) ?? string.Empty;
                }
                else if (reader.ValueTextEquals("logprob"u8))
                {
                    reader.Read();
                    item.Logprob = JsonValues.Double(ref reader) ?? 0;
                }
                else if (reader.ValueTextEquals("bytes"u8))
                {
                    reader.Read();
                    ReadBytes(ref reader, item.Bytes);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            top.Add(item);
        }
    }

    private static void ReadBytes(ref Utf8JsonReader reader, RepeatedField<int> bytes)
    {
        if (!JsonValues.StartsArray(ref reader))
        {
            return;
        }

        while (JsonValues.NextItem(ref reader))
        {
            if (JsonValues.Int32(ref reader) is { } value)
            {
                bytes.Add(value);
            }
        }
    }
}
