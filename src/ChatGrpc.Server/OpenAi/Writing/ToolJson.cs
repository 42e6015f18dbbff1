using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Writing;

/// <summary>
/// The request's tool fields as OpenAI's JSON, in the order the request writes them: the deprecated
/// <c>function_call</c> and <c>functions</c>, <c>tool_choice</c> and <c>tools</c>.
/// </summary>
internal static class ToolJson
{
    public static void WriteFunctionCallChoice(Utf8JsonWriter writer, FunctionCallChoice choice)
    {
        WriteChoice(writer, "function_call"u8, EnumLiteralTables.FunctionCallMode, choice.HasMode, (int)choice.Mode, choice.Function, WriteFunctionCallChoiceObject);
    }

    /// <summary>An item of the deprecated <c>functions</c>: the definition a function tool wraps, on its own.</summary>
    public static void WriteFunctionDefinition(Utf8JsonWriter writer, FunctionDefinition function)
    {
        writer.WriteStartObject();
        WriteFunctionDefinitionFields(writer, function);
        writer.WriteEndObject();
    }

    public static void WriteToolChoice(Utf8JsonWriter writer, ToolChoice choice)
    {
        WriteChoice(writer, "tool_choice"u8, EnumLiteralTables.ToolChoiceMode, choice.HasMode, (int)choice.Mode, choice, WriteToolChoiceObject);
    }

    public static void WriteTool(Utf8JsonWriter writer, Tool tool)
    {
        WriteFunctionOrCustom(writer, tool.Function, WriteFunctionDefinitionFields, tool.Custom, WriteCustomToolDefinitionFields);
    }

    /// <summary>
    /// <c>tool_choice</c> and the deprecated <c>function_call</c>: a mode ("none", "auto", ...) as its literal, or
    /// an object naming what to call.
    /// </summary>
    private static void WriteChoice<T>(
        Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, EnumLiteralTable modes, bool isMode, int mode, T choice, Action<Utf8JsonWriter, T> writeObject)
    {
        writer.WritePropertyName(propertyName);
        if (isMode)
        {
            modes.WriteValue(writer, mode);
        }
        else
        {
            writeObject(writer, choice);
        }
    }

    private static void WriteToolChoiceObject(Utf8JsonWriter writer, ToolChoice choice)
    {
        if (choice.AllowedTools is { } allowed)
        {
            writer.WriteTagged("allowed_tools"u8, allowed, WriteAllowedToolsFields);
        }
        else
        {
            WriteFunctionOrCustom(writer, choice.Function, WriteNamedToolFields, choice.Custom, WriteNamedToolFields);
        }
    }

    /// <summary>The deprecated form names the function without a type: <c>{"name": "..."}</c>.</summary>
    private static void WriteFunctionCallChoiceObject(Utf8JsonWriter writer, NamedTool? function)
    {
        if (function is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        WriteNamedToolFields(writer, function);
        writer.WriteEndObject();
    }

    private static void WriteFunctionDefinitionFields(Utf8JsonWriter writer, FunctionDefinition function)
    {
        SchemaDefinitionJson.WriteFields(
            writer, function.Name, function.HasDescription, function.Description, "parameters"u8, function.Parameters, function.HasStrict, function.Strict);
    }

    private static void WriteCustomToolDefinitionFields(Utf8JsonWriter writer, CustomToolDefinition custom)
    {
        writer.WriteString("name"u8, custom.Name);
        writer.WriteStringIfSet("description"u8, custom.HasDescription, custom.Description);
        if (custom.Format is { } format)
        {
            writer.WritePropertyName("format"u8);
            RequestOptionJson.WriteFormat(writer, format.Text is not null, "grammar"u8, format.Grammar, WriteGrammarFields);
        }
    }

    private static void WriteGrammarFields(Utf8JsonWriter writer, CustomToolGrammarFormat grammar)
    {
        writer.WriteStringIfSet("definition"u8, grammar.HasDefinition, grammar.Definition);
        EnumLiteralTables.GrammarSyntax.Write(writer, "syntax"u8, (int)grammar.Syntax);
    }

    private static void WriteAllowedToolsFields(Utf8JsonWriter writer, AllowedTools allowed)
    {
        EnumLiteralTables.AllowedToolsMode.Write(writer, "mode"u8, (int)allowed.Mode);

        // OpenAI requires the list, so an empty one is still written.
        writer.WriteArray("tools"u8, allowed.Tools, static (writer, tool) => WriteFunctionOrCustom(writer, tool.Function, WriteNamedToolFields, tool.Custom, WriteNamedToolFields));
    }

    /// <summary>
    /// The two kinds a tool, a tool reference and a tool choice come in: <c>{"type": "function", "function": {...}}</c>
    /// or its custom twin, whichever member of the oneof is set (the other reads as null); null when neither is.
    /// </summary>
    private static void WriteFunctionOrCustom<TFunction, TCustom>(
        Utf8JsonWriter writer, TFunction? function, Action<Utf8JsonWriter, TFunction> writeFunctionFields, TCustom? custom, Action<Utf8JsonWriter, TCustom> writeCustomFields)
        where TFunction : class
        where TCustom : class
    {
        if (function is not null)
        {
            writer.WriteTagged("function"u8, function, writeFunctionFields);
        }
        else
        {
            writer.WriteTaggedOrNull("custom"u8, custom, writeCustomFields);
        }
    }

    /// <summary>The payload of <c>{"type": "function", "function": {"name": "..."}}</c> and its custom twin.</summary>
    private static void WriteNamedToolFields(Utf8JsonWriter writer, NamedTool tool)
    {
        writer.WriteString("name"u8, tool.Name);
    }
}
