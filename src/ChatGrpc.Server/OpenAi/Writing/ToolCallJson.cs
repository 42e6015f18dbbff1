using System.Text.Json;
using ChatGrpc.V1;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.OpenAi.Writing;

/// <summary>
/// The calls of an assistant message: <c>tool_calls</c> and the deprecated <c>function_call</c>, as a request
/// carries them back (each key only when set) and as an answer gives them (the keys the SDKs require always
/// there, as empty strings when a provider left them unset). A chunk's call deltas share the inner object.
/// </summary>
internal static class ToolCallJson
{
    private static readonly Action<Utf8JsonWriter, ToolCall> s_writeRequestToolCall = static (writer, toolCall) => WriteToolCall(writer, toolCall, keysRequired: false);
    private static readonly Action<Utf8JsonWriter, ToolCall> s_writeAnswerToolCall = static (writer, toolCall) => WriteToolCall(writer, toolCall, keysRequired: true);

    /// <param name="keysRequired">True for an answer: every key of a call is written, set or not.</param>
    public static void WriteToolCalls(Utf8JsonWriter writer, RepeatedField<ToolCall> toolCalls, bool keysRequired)
    {
        writer.WriteArrayIfAny("tool_calls"u8, toolCalls, keysRequired ? s_writeAnswerToolCall : s_writeRequestToolCall);
    }

    /// <param name="keysRequired">True for an answer: every key of the call is written, set or not.</param>
    public static void WriteFunctionCall(Utf8JsonWriter writer, FunctionCall? functionCall, bool keysRequired)
    {
        if (functionCall is not null)
        {
            WriteCall(writer, "function_call"u8, "arguments"u8, keysRequired || functionCall.HasName, functionCall.Name, keysRequired || functionCall.HasArguments, functionCall.Arguments);
        }
    }

    /// <summary>
    /// <c>"key": {"name": "...", "arguments": "..."}</c>, or a custom call's <c>{"name", "input"}</c>, each key
    /// only when set.
    /// </summary>
    public static void WriteCall(Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, ReadOnlySpan<byte> inputKey, bool hasName, string name, bool hasInput, string input)
    {
        writer.WriteStartObject(propertyName);
        writer.WriteStringIfSet("name"u8, hasName, name);
        writer.WriteStringIfSet(inputKey, hasInput, input);
        writer.WriteEndObject();
    }

    /// <summary><c>{"id": "...", "type": "function", "function": {...}}</c> and its custom twin.</summary>
    private static void WriteToolCall(Utf8JsonWriter writer, ToolCall toolCall, bool keysRequired)
    {
        switch (toolCall.TypeCase)
        {
            case ToolCall.TypeOneofCase.Function:
                var function = toolCall.Function;
                WriteToolCall(writer, toolCall.Id, "function"u8, "arguments"u8, keysRequired || function.HasName, function.Name, keysRequired || function.HasArguments, function.Arguments);
                break;
            case ToolCall.TypeOneofCase.Custom:
                var custom = toolCall.Custom;
                WriteToolCall(writer, toolCall.Id, "custom"u8, "input"u8, keysRequired || custom.HasName, custom.Name, keysRequired || custom.HasInput, custom.Input);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteToolCall(Utf8JsonWriter writer, string id, ReadOnlySpan<byte> type, ReadOnlySpan<byte> inputKey, bool hasName, string name, bool hasInput, string input)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, id);
        writer.WriteString("type"u8, type);
        WriteCall(writer, type, inputKey, hasName, name, hasInput, input);
        writer.WriteEndObject();
    }
}
