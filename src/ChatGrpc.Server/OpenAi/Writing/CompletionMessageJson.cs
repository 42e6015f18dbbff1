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
    public static void Write(Utf8JsonWriter writer, ChatCompletionMessage? message)
    {
        writer.WriteStartObject("message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        WriteStringOrNull(writer, "content"u8, message is { HasContent: true } ? message.Content : null);
        WriteStringOrNull(writer, "refusal"u8, message is { HasRefusal: true } ? message.Refusal : null);
        if (message is not null)
        {
            WriteToolCalls(writer, message);
            if (message.FunctionCall is { } functionCall)
            {
                WriteFunctionCall(writer, "function_call"u8, functionCall);
            }

            if (message.Audio is { } audio)
            {
                writer.WriteStartObject("audio"u8);
                writer.WriteString("id"u8, audio.Id);
                writer.WriteString("data"u8, audio.Data);
                writer.WriteNumber("expires_at"u8, audio.ExpiresAt);
                writer.WriteString("transcript"u8, audio.Transcript);
                writer.WriteEndObject();
            }

            WriteAnnotations(writer, message);
            writer.WriteStringIfSet("reasoning_content"u8, message.HasReasoningContent, message.ReasoningContent);

            ProtoStructJson.WriteExtraFields(writer, message.ExtraFields);
        }

        writer.WriteEndObject();
    }

    private static void WriteToolCalls(Utf8JsonWriter writer, ChatCompletionMessage message)
    {
        var toolCalls = message.ToolCalls;
        if (toolCalls.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("tool_calls"u8);
        for (var i = 0; i < toolCalls.Count; i++)
        {
            var toolCall = toolCalls[i];
            switch (toolCall.TypeCase)
            {
                case ToolCall.TypeOneofCase.Function:
                    writer.WriteStartObject();
                    writer.WriteString("id"u8, toolCall.Id);
                    writer.WriteString("type"u8, "function"u8);
                    WriteFunctionCall(writer, "function"u8, toolCall.Function);
                    writer.WriteEndObject();
                    break;
                case ToolCall.TypeOneofCase.Custom:
                    writer.WriteStartObject();
                    writer.WriteString("id"u8, toolCall.Id);
                    writer.WriteString("type"u8, "custom"u8);
                    writer.WriteStartObject("custom"u8);
                    writer.WriteString("name"u8, toolCall.Custom.Name);
                    writer.WriteString("input"u8, toolCall.Custom.Input);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    break;
                default:
                    writer.WriteNullValue();
                    break;
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteFunctionCall(Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, FunctionCall functionCall)
    {
        writer.WriteStartObject(propertyName);
        writer.WriteString("name"u8, functionCall.Name);
        writer.WriteString("arguments"u8, functionCall.Arguments);
        writer.WriteEndObject();
    }

    private static void WriteAnnotations(Utf8JsonWriter writer, ChatCompletionMessage message)
    {
        var annotations = message.Annotations;
        if (annotations.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("annotations"u8);
        for (var i = 0; i < annotations.Count; i++)
        {
            if (annotations[i].UrlCitation is not { } citation)
            {
                writer.WriteNullValue();
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("type"u8, "url_citation"u8);
            writer.WriteStartObject("url_citation"u8);
            writer.WriteNumber("end_index"u8, citation.EndIndex);
            writer.WriteNumber("start_index"u8, citation.StartIndex);
            writer.WriteString("title"u8, citation.Title);
            writer.WriteString("url"u8, citation.Url);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(propertyName);
        }
        else
        {
            writer.WriteString(propertyName, value);
        }
    }
}
