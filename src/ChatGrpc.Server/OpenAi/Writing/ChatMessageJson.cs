using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

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
                WriteInstructions(writer, "developer"u8, message.Developer.Content, message.Developer.HasName ? message.Developer.Name : null);
                break;
            case ChatMessage.RoleOneofCase.System:
                WriteInstructions(writer, "system"u8, message.System.Content, message.System.HasName ? message.System.Name : null);
                break;
            case ChatMessage.RoleOneofCase.User:
                WriteUser(writer, message.User);
                break;
            case ChatMessage.RoleOneofCase.Assistant:
                WriteAssistant(writer, message.Assistant);
                break;
            case ChatMessage.RoleOneofCase.Tool:
                WriteTool(writer, message.Tool);
                break;
            case ChatMessage.RoleOneofCase.Function:
                WriteFunction(writer, message.Function);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>Writes <c>"content"</c> as a string or a list of text parts; nothing when not set.</summary>
    public static void WriteTextContent(Utf8JsonWriter writer, TextContent? content)
    {
        if (content is null)
        {
            return;
        }

        writer.WritePropertyName("content"u8);
        switch (content.ContentCase)
        {
            case TextContent.ContentOneofCase.Text:
                writer.WriteStringValue(content.Text);
                break;
            case TextContent.ContentOneofCase.Parts:
                var parts = content.Parts.Parts;
                writer.WriteStartArray();
                for (var i = 0; i < parts.Count; i++)
                {
                    WriteTypedString(writer, "text"u8, parts[i].Text);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteInstructions(Utf8JsonWriter writer, ReadOnlySpan<byte> role, TextContent? content, string? name)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, role);
        WriteTextContent(writer, content);
        if (name is not null)
        {
            writer.WriteString("name"u8, name);
        }

        writer.WriteEndObject();
    }

    private static void WriteUser(Utf8JsonWriter writer, UserMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, "user"u8);
        if (message.Content is { } content)
        {
            writer.WritePropertyName("content"u8);
            switch (content.ContentCase)
            {
                case UserContent.ContentOneofCase.Text:
                    writer.WriteStringValue(content.Text);
                    break;
                case UserContent.ContentOneofCase.Parts:
                    var parts = content.Parts.Parts;
                    writer.WriteStartArray();
                    for (var i = 0; i < parts.Count; i++)
                    {
                        WriteUserPart(writer, parts[i]);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    writer.WriteNullValue();
                    break;
            }
        }

        writer.WriteStringIfSet("name"u8, message.HasName, message.Name);

        writer.WriteEndObject();
    }

    private static void WriteUserPart(Utf8JsonWriter writer, UserContentPart part)
    {
        switch (part.TypeCase)
        {
            case UserContentPart.TypeOneofCase.Text:
                WriteTypedString(writer, "text"u8, part.Text);
                break;
            case UserContentPart.TypeOneofCase.ImageUrl:
                var image = part.ImageUrl;
                writer.WriteStartObject();
                writer.WriteString("type"u8, "image_url"u8);
                writer.WriteStartObject("image_url"u8);
                writer.WriteStringIfSet("url"u8, image.HasUrl, image.Url);

                if (image.HasDetail)
                {
                    EnumLiteralTables.ImageDetail.Write(writer, "detail"u8, (int)image.Detail);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case UserContentPart.TypeOneofCase.InputAudio:
                var audio = part.InputAudio;
                writer.WriteStartObject();
                writer.WriteString("type"u8, "input_audio"u8);
                writer.WriteStartObject("input_audio"u8);
                writer.WriteStringIfSet("data"u8, audio.HasData, audio.Data);

                EnumLiteralTables.InputAudioFormat.Write(writer, "format"u8, (int)audio.Format);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case UserContentPart.TypeOneofCase.File:
                var file = part.File;
                writer.WriteStartObject();
                writer.WriteString("type"u8, "file"u8);
                writer.WriteStartObject("file"u8);
                writer.WriteStringIfSet("file_data"u8, file.HasFileData, file.FileData);
                writer.WriteStringIfSet("file_id"u8, file.HasFileId, file.FileId);
                writer.WriteStringIfSet("filename"u8, file.HasFilename, file.Filename);

                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteAssistant(Utf8JsonWriter writer, AssistantMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, "assistant"u8);
        if (message.Content is { } content)
        {
            WriteAssistantContent(writer, content);
        }

        writer.WriteStringIfSet("refusal"u8, message.HasRefusal, message.Refusal);
        writer.WriteStringIfSet("name"u8, message.HasName, message.Name);

        if (message.Audio is { } audio)
        {
            writer.WriteStartObject("audio"u8);
            writer.WriteStringIfSet("id"u8, audio.HasId, audio.Id);

            writer.WriteEndObject();
        }

        WriteToolCalls(writer, message);
        if (message.FunctionCall is { } functionCall)
        {
            WriteFunctionCall(writer, "function_call"u8, functionCall);
        }

        writer.WriteStringIfSet("reasoning_content"u8, message.HasReasoningContent, message.ReasoningContent);

        writer.WriteEndObject();
    }

    private static void WriteAssistantContent(Utf8JsonWriter writer, AssistantContent content)
    {
        writer.WritePropertyName("content"u8);
        switch (content.ContentCase)
        {
            case AssistantContent.ContentOneofCase.Text:
                writer.WriteStringValue(content.Text);
                break;
            case AssistantContent.ContentOneofCase.Parts:
                var parts = content.Parts.Parts;
                writer.WriteStartArray();
                for (var i = 0; i < parts.Count; i++)
                {
                    var part = parts[i];
                    switch (part.TypeCase)
                    {
                        case AssistantContentPart.TypeOneofCase.Text:
                            WriteTypedString(writer, "text"u8, part.Text);
                            break;
                        case AssistantContentPart.TypeOneofCase.Refusal:
                            WriteTypedString(writer, "refusal"u8, part.Refusal);
                            break;
                        default:
                            writer.WriteNullValue();
                            break;
                    }
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteToolCalls(Utf8JsonWriter writer, AssistantMessage message)
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
                    var custom = toolCall.Custom;
                    writer.WriteStartObject();
                    writer.WriteString("id"u8, toolCall.Id);
                    writer.WriteString("type"u8, "custom"u8);
                    writer.WriteStartObject("custom"u8);
                    writer.WriteStringIfSet("name"u8, custom.HasName, custom.Name);
                    writer.WriteStringIfSet("input"u8, custom.HasInput, custom.Input);

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
        writer.WriteStringIfSet("name"u8, functionCall.HasName, functionCall.Name);
        writer.WriteStringIfSet("arguments"u8, functionCall.HasArguments, functionCall.Arguments);

        writer.WriteEndObject();
    }

    private static void WriteTool(Utf8JsonWriter writer, ToolMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, "tool"u8);
        WriteTextContent(writer, message.Content);
        writer.WriteStringIfSet("tool_call_id"u8, message.HasToolCallId, message.ToolCallId);

        writer.WriteEndObject();
    }

    private static void WriteFunction(Utf8JsonWriter writer, FunctionMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, "function"u8);

        // OpenAI requires the key even when there is no content.
        if (message.HasContent)
        {
            writer.WriteString("content"u8, message.Content);
        }
        else
        {
            writer.WriteNull("content"u8);
        }

        writer.WriteStringIfSet("name"u8, message.HasName, message.Name);

        writer.WriteEndObject();
    }

    /// <summary>A part whose payload is a string: <c>{"type": "text", "text": "..."}</c>.</summary>
    private static void WriteTypedString(Utf8JsonWriter writer, ReadOnlySpan<byte> type, string value)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, type);
        writer.WriteString(type, value);
        writer.WriteEndObject();
    }
}
