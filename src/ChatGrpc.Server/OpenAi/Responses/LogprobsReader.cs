using System.Text.Json;
using ChatGrpc.V1;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.OpenAi.Responses;

/// <summary>Reads a choice's <c>logprobs</c> object: content and refusal tokens with their likeliest alternatives.</summary>
internal static class LogprobsReader
{
    private static readonly JsonObjectReader<TopLogprob> s_top = new(
    [
        new("token"u8, static (ref reader, top) => top.Token = JsonValues.String(ref reader) ?? string.Empty),
        new("logprob"u8, static (ref reader, top) => top.Logprob = JsonValues.Double(ref reader) ?? 0),
        new("bytes"u8, static (ref reader, top) => ReadBytes(ref reader, top.Bytes)),
    ]);

    private static readonly JsonObjectReader<TokenLogprob> s_token = new(
    [
        new("token"u8, static (ref reader, token) => token.Token = JsonValues.String(ref reader) ?? string.Empty),
        new("logprob"u8, static (ref reader, token) => token.Logprob = JsonValues.Double(ref reader) ?? 0),
        new("bytes"u8, static (ref reader, token) => ReadBytes(ref reader, token.Bytes)),
        new("top_logprobs"u8, static (ref reader, token) => s_top.ReadList(ref reader, token.TopLogprobs)),
    ]);

    private static readonly JsonObjectReader<ChoiceLogprobs> s_logprobs = new(
    [
        new("content"u8, static (ref reader, logprobs) => s_token.ReadList(ref reader, logprobs.Content)),
        new("refusal"u8, static (ref reader, logprobs) => s_token.ReadList(ref reader, logprobs.Refusal)),
    ]);

    public static ChoiceLogprobs? Read(ref Utf8JsonReader reader) => s_logprobs.Read(ref reader);

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
