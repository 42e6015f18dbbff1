using System.Text.Json;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Writing;

/// <summary>
/// The <c>message</c> of a <c>chat.completion</c> choice. <c>content</c> and <c>refusal</c> are always there
/// (null when not set), the rest only when the model produced it. Keys the SDKs require inside a tool or
/// function call are written even when a provider left them unset, as empty strings.
/// </summary>
internal static class CompletionMessageJson
{
    // A choice without a message is written as one with nothing set: the role and the two null keys.
    private static readonly ChatCompletionMessage s_noMessage = new();

    public static void Write(Utf8JsonWriter writer, ChatCompletionMessage? message)
    {
        message ??= s_noMessage;
        writer.WriteStartObject("message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        writer.WriteStringOrNull("content"u8, message.HasContent, message.Content);
        writer.WriteStringOrNull("refusal"u8, message.HasRefusal, message.Refusal);
        ToolCallJson.WriteToolCalls(writer, message.ToolCalls, keysRequired: true);
        ToolCallJson.WriteFunctionCall(writer, message.FunctionCall, keysRequired: true);
        writer.WriteObjectIfPresent("audio"u8, message.Audio, WriteAudioFields);
        writer.WriteArrayIfAny("annotations"u8, message.Annotations, static (writer, annotation) => writer.WriteTaggedOrNull("url_citation"u8, annotation.UrlCitation, WriteUrlCitationFields));
        writer.WriteStringIfSet("reasoning_content"u8, message.HasReasoningContent, message.ReasoningContent);
        ProtoStructJson.WriteExtraFields(writer, message.ExtraFields);
        writer.WriteEndObject();
    }

    private static void WriteAudioFields(Utf8JsonWriter writer, AssistantAudio audio)
    {
        writer.WriteString("id"u8, audio.Id);
        writer.WriteString("data"u8, audio.Data);
        writer.WriteNumber("expires_at"u8, audio.ExpiresAt);
        writer.WriteString("transcript"u8, audio.Transcript);
    }

    private static void WriteUrlCitationFields(Utf8JsonWriter writer, UrlCitation citation)
    {
        writer.WriteNumber("end_index"u8, citation.EndIndex);
        writer.WriteNumber("start_index"u8, citation.StartIndex);
        writer.WriteString("title"u8, citation.Title);
        writer.WriteString("url"u8, citation.Url);
    }
}
