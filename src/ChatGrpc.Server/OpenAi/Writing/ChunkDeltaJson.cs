using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Writing;

/// <summary>The <c>delta</c> of a <c>chat.completion.chunk</c> choice: only the keys this chunk adds.</summary>
internal static class ChunkDeltaJson
{
    public static void Write(Utf8JsonWriter writer, ChatCompletionDelta? delta)
    {
        writer.WriteStartObject("delta"u8);
        if (delta is not null)
        {
            WriteKeys(writer, delta);
        }

        writer.WriteEndObject();
    }

    private static void WriteKeys(Utf8JsonWriter writer, ChatCompletionDelta delta)
    {
        writer.WriteEnumIfSet(EnumLiteralTables.ChatRole, "role"u8, delta.HasRole, (int)delta.Role);

        // A choice's first delta (the one with the role) names content and refusal even when they are empty,
        // as OpenAI's streams do: `"content": null` when the answer is a tool call.
        if (delta.HasRole || delta.HasContent)
        {
            writer.WriteStringOrNull("content"u8, delta.HasContent, delta.Content);
        }

        if (delta.HasRole || delta.HasRefusal)
        {
            writer.WriteStringOrNull("refusal"u8, delta.HasRefusal, delta.Refusal);
        }

        writer.WriteArrayIfAny("tool_calls"u8, delta.ToolCalls, WriteToolCall);
        WriteFunctionCall(writer, "function_call"u8, delta.FunctionCall);
        writer.WriteStringIfSet("reasoning_content"u8, delta.HasReasoningContent, delta.ReasoningContent);
        ProtoStructJson.WriteExtraFields(writer, delta.ExtraFields);
    }

    private static void WriteToolCall(Utf8JsonWriter writer, ToolCallDelta toolCall)
    {
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, toolCall.Index);
        if (toolCall.HasId)
        {
            // The id comes with a call's first delta, and so does its type.
            writer.WriteString("id"u8, toolCall.Id);
            writer.WriteString("type"u8, "function"u8);
        }

        WriteFunctionCall(writer, "function"u8, toolCall.Function);
        writer.WriteEndObject();
    }

    private static void WriteFunctionCall(Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, FunctionCallDelta? functionCall)
    {
        if (functionCall is not null)
        {
            ToolCallJson.WriteCall(writer, propertyName, "arguments"u8, functionCall.HasName, functionCall.Name, functionCall.HasArguments, functionCall.Arguments);
        }
    }
}
