using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// <c>tool_choice</c> and the deprecated <c>function_call</c>: a mode literal or an object, each a union member
/// named as Pydantic names it (<see cref="JsonShapes.StringMemberOf"/>). A value that matches neither is
/// reported against both members.
/// </summary>
internal static class ToolChoiceReader
{
    private static readonly UnionMembers ToolChoiceMembers = new(JsonShapes.StringMemberOf(ToolChoice.Descriptor), JsonShapes.ObjectMemberOf(ToolChoice.Descriptor));
    private static readonly UnionMembers FunctionCallMembers = new(JsonShapes.StringMemberOf(FunctionCallChoice.Descriptor), JsonShapes.ObjectMemberOf(FunctionCallChoice.Descriptor));

    private static readonly KnownKeys FunctionChoiceKeys = new("type", "function");
    private static readonly KnownKeys CustomChoiceKeys = new("type", "custom");
    private static readonly KnownKeys AllowedToolsChoiceKeys = new("type", "allowed_tools");
    private static readonly KnownKeys NamedToolKeys = new("name");
    private static readonly KnownKeys AllowedToolsKeys = new("mode", "tools");

    /// <summary>Reads the tool_choice at the current location.</summary>
    public static ToolChoice? ReadToolChoice(JsonElement value, JsonReadContext context) =>
        ReadModeOrObject(value, context, EnumLiteralTables.ToolChoiceMode, ToolChoiceMembers, static mode => new ToolChoice { Mode = (ToolChoiceMode)mode }, ReadToolChoiceObject);

    /// <summary>Reads the function_call at the current location.</summary>
    public static FunctionCallChoice? ReadFunctionCall(JsonElement value, JsonReadContext context) =>
        ReadModeOrObject(value, context, EnumLiteralTables.FunctionCallMode, FunctionCallMembers, static mode => new FunctionCallChoice { Mode = (FunctionCallMode)mode }, ReadFunctionCallObject);

    private static T? ReadModeOrObject<T>(JsonElement value, JsonReadContext context, EnumLiteralTable modes, UnionMembers members, Func<int, T> fromMode, Func<JsonElement, JsonReadContext, T?> readObject)
        where T : class
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            if (modes.TryMatch(value, out var mode))
            {
                return fromMode(mode);
            }

            context.Report(modes.Mismatch(context.Location(members.String), value));
            context.Report(PydanticErrors.ModelAttributesType(context.Location(members.Object), value));
            return null;
        }

        var problemCount = context.ProblemCount;
        T? choice;
        using (context.Enter(members.Object))
        {
            choice = readObject(value, context);
        }

        if (context.ProblemCount == problemCount)
        {
            return choice;
        }

        context.ReportBefore(problemCount, modes.Mismatch(context.Location(members.String), value));
        return null;
    }

    /// <summary><c>{"type": "function" | "custom", ...: {"name"}}</c> or <c>{"type": "allowed_tools", "allowed_tools": {"mode", "tools"}}</c>.</summary>
    private static ToolChoice? ReadToolChoiceObject(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "type"u8, out var type, "function"u8, out var function, "custom"u8, out var custom, "allowed_tools"u8, out var allowedTools);
        if (!UnionTags.ToolChoice.TryMatch(value, type, context, out var tag))
        {
            return null;
        }

        using (context.Enter(tag.Name))
        {
            var kind = (ToolChoice.ChoiceOneofCase)tag.Number;
            context.ReportUnknownKeys(value, kind switch
            {
                ToolChoice.ChoiceOneofCase.Custom => CustomChoiceKeys,
                ToolChoice.ChoiceOneofCase.AllowedTools => AllowedToolsChoiceKeys,
                _ => FunctionChoiceKeys,
            });
            switch (kind)
            {
                case ToolChoice.ChoiceOneofCase.Function when context.RequireKey(function, value, "function"):
                    using (context.Enter("function"))
                    {
                        return ReadNamedTool(function, context) is { } named ? new ToolChoice { Function = named } : null;
                    }

                case ToolChoice.ChoiceOneofCase.Custom when context.RequireKey(custom, value, "custom"):
                    using (context.Enter("custom"))
                    {
                        return ReadNamedTool(custom, context) is { } named ? new ToolChoice { Custom = named } : null;
                    }

                case ToolChoice.ChoiceOneofCase.AllowedTools when context.RequireKey(allowedTools, value, "allowed_tools"):
                    using (context.Enter("allowed_tools"))
                    {
                        return ReadAllowedTools(allowedTools, context) is { } allowed ? new ToolChoice { AllowedTools = allowed } : null;
                    }

                default:
                    return null;
            }
        }
    }

    private static FunctionCallChoice? ReadFunctionCallObject(JsonElement value, JsonReadContext context) =>
        ReadNamedTool(value, context) is { } named ? new FunctionCallChoice { Function = named } : null;

    private static NamedTool? ReadNamedTool(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        context.ReportUnknownKeys(value, NamedToolKeys);
        return LaxScalars.TryReadRequiredString(ObjectKeys.Find(value, "name"u8), value, context, "name", out var name) ? new NamedTool { Name = name } : null;
    }

    private static AllowedTools? ReadAllowedTools(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "mode"u8, out var mode, "tools"u8, out var tools);
        context.ReportUnknownKeys(value, AllowedToolsKeys);
        var allowed = new AllowedTools();
        if (EnumLiteralTables.AllowedToolsMode.TryReadRequired(mode, value, context, "mode", out var number))
        {
            allowed.Mode = (AllowedToolsMode)number;
        }

        if (context.RequireKey(tools, value, "tools"))
        {
            using (context.Enter("tools"))
            {
                JsonLists.Read(tools, context, allowed.Tools, ReadToolReference, Placeholders.ToolReference);
            }
        }

        return allowed;
    }

    /// <summary><c>{"type": "function" | "custom", ...: {"name"}}</c>, an item of allowed_tools.tools.</summary>
    private static ToolReference? ReadToolReference(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "type"u8, out var type, "function"u8, out var function, "custom"u8, out var custom);
        if (!UnionTags.ToolReference.TryMatch(value, type, context, out var tag))
        {
            return null;
        }

        using (context.Enter(tag.Name))
        {
            var kind = (ToolReference.TypeOneofCase)tag.Number;
            context.ReportUnknownKeys(value, kind == ToolReference.TypeOneofCase.Custom ? CustomChoiceKeys : FunctionChoiceKeys);
            switch (kind)
            {
                case ToolReference.TypeOneofCase.Function when context.RequireKey(function, value, "function"):
                    using (context.Enter("function"))
                    {
                        return ReadNamedTool(function, context) is { } named ? new ToolReference { Function = named } : null;
                    }

                case ToolReference.TypeOneofCase.Custom when context.RequireKey(custom, value, "custom"):
                    using (context.Enter("custom"))
                    {
                        return ReadNamedTool(custom, context) is { } named ? new ToolReference { Custom = named } : null;
                    }

                default:
                    return null;
            }
        }
    }
}
