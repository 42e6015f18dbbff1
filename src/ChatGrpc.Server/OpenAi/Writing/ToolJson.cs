using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.OpenAi.Writing;

/// <summary>
/// The request's tool fields as OpenAI's JSON: <c>tools</c>, the deprecated <c>functions</c>, <c>tool_choice</c>
/// and the deprecated <c>function_call</c>.
/// </summary>
internal static class ToolJson
{
    public static void WriteTools(Utf8JsonWriter writer, RepeatedField<Tool> tools)
    {
        writer.WriteStartArray("tools"u8);
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            switch (tool.TypeCase)
            {
                case Tool.TypeOneofCase.Function:
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "function"u8);
                    writer.WritePropertyName("function"u8);
                    WriteFunctionDefinition(writer, tool.Function);
                    writer.WriteEndObject();
                    break;
                case Tool.TypeOneofCase.Custom:
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "custom"u8);
                    writer.WritePropertyName("custom"u8);
                    WriteCustomToolDefinition(writer, tool.Custom);
                    writer.WriteEndObject();
                    break;
                default:
                    writer.WriteNullValue();
                    break;
            }
        }

        writer.WriteEndArray();
    }

    public static void WriteFunctions(Utf8JsonWriter writer, RepeatedField<FunctionDefinition> functions)
    {
        writer.WriteStartArray("functions"u8);
        for (var i = 0; i < functions.Count; i++)
        {
            WriteFunctionDefinition(writer, functions[i]);
        }

        writer.WriteEndArray();
    }

    public static void WriteToolChoice(Utf8JsonWriter writer, ToolChoice choice)
    {
        writer.WritePropertyName("tool_choice"u8);
        switch (choice.ChoiceCase)
        {
            case ToolChoice.ChoiceOneofCase.Mode:
                EnumLiteralTables.ToolChoiceMode.WriteValue(writer, (int)choice.Mode);
                break;
            case ToolChoice.ChoiceOneofCase.Function:
                WriteNamedTool(writer, "function"u8, choice.Function);
                break;
            case ToolChoice.ChoiceOneofCase.Custom:
                WriteNamedTool(writer, "custom"u8, choice.Custom);
                break;
            case ToolChoice.ChoiceOneofCase.AllowedTools:
                WriteAllowedTools(writer, choice.AllowedTools);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    public static void WriteFunctionCallChoice(Utf8JsonWriter writer, FunctionCallChoice choice)
    {
        writer.WritePropertyName("function_call"u8);
        switch (choice.ChoiceCase)
        {
            case FunctionCallChoice.ChoiceOneofCase.Mode:
                EnumLiteralTables.FunctionCallMode.WriteValue(writer, (int)choice.Mode);
                break;
            case FunctionCallChoice.ChoiceOneofCase.Function:
                // The deprecated form names the function without a type: {"name": "..."}.
                writer.WriteStartObject();
                writer.WriteString("name"u8, choice.Function.Name);
                writer.WriteEndObject();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteFunctionDefinition(Utf8JsonWriter writer, FunctionDefinition function)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, function.Name);
        writer.WriteStringIfSet("description"u8, function.HasDescription, function.Description);

        if (function.Parameters is { } parameters)
        {
            writer.WritePropertyName("parameters"u8);
            ProtoStructJson.WriteStruct(writer, parameters);
        }

        writer.WriteBooleanIfSet("strict"u8, function.HasStrict, function.Strict);

        writer.WriteEndObject();
    }

    private static void WriteCustomToolDefinition(Utf8JsonWriter writer, CustomToolDefinition custom)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, custom.Name);
        writer.WriteStringIfSet("description"u8, custom.HasDescription, custom.Description);

        if (custom.Format is { } format)
        {
            writer.WritePropertyName("format"u8);
            switch (format.TypeCase)
            {
                case CustomToolFormat.TypeOneofCase.Text:
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "text"u8);
                    writer.WriteEndObject();
                    break;
                case CustomToolFormat.TypeOneofCase.Grammar:
                    var grammar = format.Grammar;
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "grammar"u8);
                    writer.WriteStartObject("grammar"u8);
                    writer.WriteStringIfSet("definition"u8, grammar.HasDefinition, grammar.Definition);

                    EnumLiteralTables.GrammarSyntax.Write(writer, "syntax"u8, (int)grammar.Syntax);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    break;
                default:
                    writer.WriteNullValue();
                    break;
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteAllowedTools(Utf8JsonWriter writer, AllowedTools allowed)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "allowed_tools"u8);
        writer.WriteStartObject("allowed_tools"u8);
        EnumLiteralTables.AllowedToolsMode.Write(writer, "mode"u8, (int)allowed.Mode);

        // OpenAI requires the list, so an empty one is still written.
        writer.WriteStartArray("tools"u8);
        var tools = allowed.Tools;
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            switch (tool.TypeCase)
            {
                case ToolReference.TypeOneofCase.Function:
                    WriteNamedTool(writer, "function"u8, tool.Function);
                    break;
                case ToolReference.TypeOneofCase.Custom:
                    WriteNamedTool(writer, "custom"u8, tool.Custom);
                    break;
                default:
                    writer.WriteNullValue();
                    break;
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary><c>{"type": "function", "function": {"name": "..."}}</c> and its custom twin.</summary>
    private static void WriteNamedTool(Utf8JsonWriter writer, ReadOnlySpan<byte> type, NamedTool tool)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, type);
        writer.WriteStartObject(type);
        writer.WriteString("name"u8, tool.Name);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
