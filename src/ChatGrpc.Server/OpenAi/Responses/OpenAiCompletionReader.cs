using System.Buffers;
using System.Text.Json;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Responses;

/// <summary>
/// Reads an OpenAI-compatible upstream's <c>chat.completion</c> JSON into the proto answer, with one
/// <see cref="Utf8JsonReader"/> pass over the received bytes (<see cref="CompletionObjectReader"/>, which
/// <see cref="OpenAiChunkReader"/> shares). Keys the proto does not name are kept, as sent, in <c>extra_fields</c>
/// (of the answer, the choice or the message); values of an unexpected type are skipped.
/// </summary>
internal static class OpenAiCompletionReader
{
    private static readonly JsonObjectReader<ChatCompletion> s_completion = CompletionObjectReader.Create<ChatCompletion, ChatCompletionChoice>(
        new("message"u8, static (ref reader, choice) => choice.Message = CompletionMessageReader.Read(ref reader)),
        static choice => choice.Message ??= new ChatCompletionMessage());

    /// <exception cref="JsonException">The bytes are not a JSON object.</exception>
    public static ChatCompletion Read(ReadOnlySequence<byte> json) => CompletionObjectReader.Read(json, s_completion, "The answer is not a JSON object.");
}
