using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.OpenAi.Writing;

/// <summary>
/// One request message as OpenAI's JSON: <c>role</c> first, then the variant's fields in field-number order,
/// each only when set. A message, content or part whose oneof is not set is written as null.
/// </summary>
internal static class ChatMessageJson
{
    public static void Write(Utf8JsonWriter writer, ChatMessage message)
    {
        switch (message.RoleCase)
        {
            case ChatMessage.RoleOneofCase.Developer:
                WriteMessage(writer, "developer"u8, message.Developer.Content, WriteTextContent, "name"u8, message.Developer.HasName, message.Developer.Name);
                break;
            case ChatMessage.RoleOneofCase.System:
                WriteMessage(writer, "system"u8, message.System.Content, WriteTextContent, "name"u8, message.System.HasName, message.System.Name);
                break;
            case ChatMessage.RoleOneofCase.User:
                WriteMessage(writer, "user"u8, message.User.Content, WriteUserContent, "name"u8, message.User.HasName, message.User.Name);
                break;
            case ChatMessage.RoleOneofCase.Assistant:
                WriteAssistant(writer, message.Assistant);
                break;
            case ChatMessage.RoleOneofCase.Tool:
                WriteMessage(writer, "tool"u8, message.Tool.Content, WriteTextContent, "tool_call_id"u8, message.Tool.HasToolCallId, message.Tool.ToolCallId);
                break;
            case ChatMessage.RoleOneofCase.Function:
                WriteMessage(writer, "function"u8, message.Function, WriteFunctionContent, "name"u8, message.Function.HasName, message.Function.Name);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>Writes <c>"content"</c> as a string or a list of text parts; nothing when not set.</summary>
    public static void WriteTextContent(Utf8JsonWriter writer, TextContent? content)
    {
        if (content is not null)
        {
            WriteContent(writer, content.HasText, content.Text, content.Parts?.Parts, static (writer, part) => writer.WriteTaggedString("text"u8, part.Text));
        }
    }

    /// <summary>
    /// Every role but the assistant's: the role, the content, and one optional key of its own (a name, or the
    /// tool call answered).
    /// </summary>
    private static void WriteMessage<TContent>(
        Utf8JsonWriter writer, ReadOnlySpan<byte> role, TContent content, Action<Utf8JsonWriter, TContent> writeContent, ReadOnlySpan<byte> key, bool hasValue, string value)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, role);
        writeContent(writer, content);
        writer.WriteStringIfSet(key, hasValue, value);
        writer.WriteEndObject();
    }

    /// <summary>
    /// <c>"content"</c> in either of OpenAI's forms: a string, or a list of parts each written by
    /// <paramref name="writePart"/>; null when the content's oneof is not set.
    /// </summary>
    private static void WriteContent<TPart>(Utf8JsonWriter writer, bool hasText, string text, RepeatedField<TPart>? parts, Action<Utf8JsonWriter, TPart> writePart)
    {
        writer.WritePropertyName("content"u8);
        if (hasText)
        {
            writer.WriteStringValue(text);
        }
        else if (parts is not null)
        {
            writer.WriteArray(parts, writePart);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static void WriteUserContent(Utf8JsonWriter writer, UserContent? content)
    {
        if (content is not null)
        {
            WriteContent(writer, content.HasText, content.Text, content.Parts?.Parts, WriteUserPart);
        }
    }

    /// <summary>OpenAI requires the key even when a function message has no content.</summary>
    private static void WriteFunctionContent(Utf8JsonWriter writer, FunctionMessage message)
    {
        writer.WriteStringOrNull("content"u8, message.HasContent, message.Content);
    }

    private static void WriteUserPart(Utf8JsonWriter writer, UserContentPart part)
    {
        switch (part.TypeCase)
        {
            case UserContentPart.TypeOneofCase.Text:
                writer.WriteTaggedString("text"u8, part.Text);
                break;
            case UserContentPart.TypeOneofCase.ImageUrl:
                writer.WriteTagged("image_url"u8, part.ImageUrl, WriteImageUrlFields);
                break;
            case UserContentPart.TypeOneofCase.InputAudio:
                writer.WriteTagged("input_audio"u8, part.InputAudio, WriteInputAudioFields);
                break;
            case UserContentPart.TypeOneofCase.File:
                writer.WriteTagged("file"u8, part.File, WriteFileFields);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteImageUrlFields(Utf8JsonWriter writer, ImageUrl image)
    {
        writer.WriteStringIfSet("url"u8, image.HasUrl, image.Url);
        writer.WriteEnumIfSet(EnumLiteralTables.ImageDetail, "detail"u8, image.HasDetail, (int)image.Detail);
    }

    private static void WriteInputAudioFields(Utf8JsonWriter writer, InputAudio audio)
    {
        writer.WriteStringIfSet("data"u8, audio.HasData, audio.Data);
        EnumLiteralTables.InputAudioFormat.Write(writer, "format"u8, (int)audio.Format);
    }

    private static void WriteFileFields(Utf8JsonWriter writer, FileInput file)
    {
        writer.WriteStringIfSet("file_data"u8, file.HasFileData, file.FileData);
        writer.WriteStringIfSet("file_id"u8, file.HasFileId, file.FileId);
        writer.WriteStringIfSet("filename"u8, file.HasFilename, file.Filename);
    }

    private static void WriteAssistant(Utf8JsonWriter writer, AssistantMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, "assistant"u8);
        if (message.Content is { } content)
        {
            WriteContent(writer, content.HasText, content.Text, content.Parts?.Parts, WriteAssistantPart);
        }

        writer.WriteStringIfSet("refusal"u8, message.HasRefusal, message.Refusal);
        writer.WriteStringIfSet("name"u8, message.HasName, message.Name);
        writer.WriteObjectIfPresent("audio"u8, message.Audio, static (writer, audio) => writer.WriteStringIfSet("id"u8, audio.HasId, audio.Id));
        ToolCallJson.WriteToolCalls(writer, message.ToolCalls, keysRequired: false);
        ToolCallJson.WriteFunctionCall(writer, message.FunctionCall, keysRequired: false);
        writer.WriteStringIfSet("reasoning_content"u8, message.HasReasoningContent, message.ReasoningContent);
        writer.WriteEndObject();
    }

    private static void WriteAssistantPart(Utf8JsonWriter writer, AssistantContentPart part)
    {
        switch (part.TypeCase)
        {
            case AssistantContentPart.TypeOneofCase.Text:
                writer.WriteTaggedString("text"u8, part.Text);
                break;
            case AssistantContentPart.TypeOneofCase.Refusal:
                writer.WriteTaggedString("refusal"u8, part.Refusal);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
