using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary><c>tools</c> (discriminated by <c>type</c>) and the deprecated <c>functions</c>.</summary>
internal static class ToolReader
{
    private static readonly KnownKeys FunctionToolKeys = new("type", "function");
    private static readonly KnownKeys CustomToolKeys = new("type", "custom");
    private static readonly KnownKeys FunctionKeys = new("name", "description", "parameters", "strict");
    private static readonly KnownKeys CustomKeys = new("name", "description", "format");
    private static readonly KnownKeys TextFormatKeys = new("type");
    private static readonly KnownKeys GrammarFormatKeys = new("type", "grammar");
    private static readonly KnownKeys GrammarKeys = new("definition", "syntax");

    /// <summary>Reads the tool at the current location: <c>{"type": "function", "function": {...}}</c> or <c>{"type": "custom", "custom": {...}}</c>.</summary>
    public static Tool? ReadTool(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "type"u8, out var type, "function"u8, out var function, "custom"u8, out var custom);
        if (!UnionTags.Tool.TryMatch(value, type, context, out var tag))
        {
            return null;
        }

        using (context.Enter(tag.Name))
        {
            var kind = (Tool.TypeOneofCase)tag.Number;
            context.ReportUnknownKeys(value, kind == Tool.TypeOneofCase.Custom ? CustomToolKeys : FunctionToolKeys);
            switch (kind)
            {
                case Tool.TypeOneofCase.Function when context.RequireKey(function, value, "function"):
                    using (context.Enter("function"))
                    {
                        return ReadFunction(function, context) is { } definition ? new Tool { Function = definition } : null;
                    }

                case Tool.TypeOneofCase.Custom when context.RequireKey(custom, value, "custom"):
                    using (context.Enter("custom"))
                    {
                        return ReadCustom(custom, context) is { } definition ? new Tool { Custom = definition } : null;
                    }

                default:
                    return null;
            }
        }
    }

    /// <summary>Reads the function definition at the current location (an item of <c>functions</c>, or a function tool's payload).</summary>
    public static FunctionDefinition? ReadFunction(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "name"u8, out var name, "description"u8, out var description, "parameters"u8, out var parameters, "strict"u8, out var strict);
        context.ReportUnknownKeys(value, FunctionKeys);
        var function = new FunctionDefinition();
        if (LaxScalars.TryReadRequiredString(name, value, context, "name", out var text))
        {
            function.Name = text;
        }

        if (LaxScalars.TryReadOmittableString(description, context, "description", out text))
        {
            function.Description = text;
        }

        if (StructReader.TryReadOmittable(parameters, context, "parameters", out var schema))
        {
            function.Parameters = schema;
        }

        if (LaxScalars.TryReadOptionalBool(strict, context, "strict", out var isStrict))
        {
            function.Strict = isStrict;
        }

        return function;
    }

    private static CustomToolDefinition? ReadCustom(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "name"u8, out var name, "description"u8, out var description, "format"u8, out var format);
        context.ReportUnknownKeys(value, CustomKeys);
        var custom = new CustomToolDefinition();
        if (LaxScalars.TryReadRequiredString(name, value, context, "name", out var text))
        {
            custom.Name = text;
        }

        if (LaxScalars.TryReadOmittableString(description, context, "description", out text))
        {
            custom.Description = text;
        }

        if (Presence.IsSent(format))
        {
            using (context.Enter("format"))
            {
                custom.Format = ReadCustomFormat(format, context);
            }
        }

        return custom;
    }

    /// <summary><c>{"type": "text"}</c> or <c>{"type": "grammar", "grammar": {"definition", "syntax"}}</c>.</summary>
    private static CustomToolFormat? ReadCustomFormat(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "type"u8, out var type, "grammar"u8, out var grammar);
        if (!UnionTags.CustomToolFormat.TryMatch(value, type, context, out var tag))
        {
            return null;
        }

        using (context.Enter(tag.Name))
        {
            var kind = (CustomToolFormat.TypeOneofCase)tag.Number;
            context.ReportUnknownKeys(value, kind == CustomToolFormat.TypeOneofCase.Grammar ? GrammarFormatKeys : TextFormatKeys);
            switch (kind)
            {
                case CustomToolFormat.TypeOneofCase.Text:
                    return new CustomToolFormat { Text = new CustomToolTextFormat() };
                case CustomToolFormat.TypeOneofCase.Grammar when context.RequireKey(grammar, value, "grammar"):
                    using (context.Enter("grammar"))
                    {
                        return ReadGrammar(grammar, context) is { } format ? new CustomToolFormat { Grammar = format } : null;
                    }

                default:
                    return null;
            }
        }
    }

    private static CustomToolGrammarFormat? ReadGrammar(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "definition"u8, out var definition, "syntax"u8, out var syntax);
        context.ReportUnknownKeys(value, GrammarKeys);
        var grammar = new CustomToolGrammarFormat();
        if (LaxScalars.TryReadRequiredString(definition, value, context, "definition", out var text))
        {
            grammar.Definition = text;
        }

        if (EnumLiteralTables.GrammarSyntax.TryReadRequired(syntax, value, context, "syntax", out var number))
        {
            grammar.Syntax = (GrammarSyntax)number;
        }

        return grammar;
    }
}
