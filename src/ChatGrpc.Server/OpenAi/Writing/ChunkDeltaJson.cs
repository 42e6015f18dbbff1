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
            if (delta.HasRole)
            {
                EnumLiteralTables.ChatRole.Write(writer, "role"u8, (int)delta.Role);
            }

            // A choice's first delta (the one with the role) names content and refusal even when they are empty,
            // as OpenAI's streams do: `"content": null` when the answer is a tool call.
            if (delta.HasContent)
            {
                writer.WriteString("content"u8, delta.Content);
            }
            else if (delta.HasRole)
            {
                writer.WriteNull("content"u8);
            }

            if (delta.HasRefusal)
            {
                writer.WriteString("refusal"u8, delta.Refusal);
            }
            else if (delta.HasRole)
            {
                writer.WriteNull("refusal"u8);
            }

            WriteToolCalls(writer, delta);
            if (delta.FunctionCall is { } functionCall)
            {
                WriteFunctionCall(writer, "function_call"u8, functionCall);
            }

            writer.WriteStringIfSet("reasoning_content"u8, delta.HasReasoningContent, delta.ReasoningContent);

            ProtoStructJson.WriteExtraFields(writer, delta.ExtraFields);
        }

        writer.WriteEndObject();
    }

    private static void WriteToolCalls(Utf8JsonWriter writer, ChatCompletionDelta delta)
    {
        var toolCalls = delta.ToolCalls;
        if (toolCalls.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("tool_calls"u8);
        for (var i = 0; i < toolCalls.Count; i++)
        {
            var toolCall = toolCalls[i];
            writer.WriteStartObject();
            writer.WriteNumber("index"u8, toolCall.Index);
            if (toolCall.HasId)
            {
                // The id comes with a call's first delta, and so does its type.
                writer.WriteString("id"u8, toolCall.Id);
                writer.WriteString("type"u8, "function"u8);
            }

            if (toolCall.Function is { } function)
            {
                WriteFunctionCall(writer, "function"u8, function);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteFunctionCall(Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, FunctionCallDelta functionCall)
    {
        writer.WriteStartObject(propertyName);
        writer.WriteStringIfSet("name"u8, functionCall.HasName, functionCall.Name);
        writer.WriteStringIfSet("arguments"u8, functionCall.HasArguments, functionCall.Arguments);

        writer.WriteEndObject();
    }
}
