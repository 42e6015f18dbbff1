using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// <c>tool_choice</c> and the deprecated <c>function_call</c>: a mode literal or an object, each a union member
/// named as Pydantic names it (<see cref="JsonShapes.StringMemberOf"/>). A value that matches neither is
/// reported against both members.
/// </summary>
/// <remarks>A reader is declared after those it uses, as static fields are initialised in order.</remarks>
internal static class ToolChoiceReader
{
    private static readonly ObjectReader<NamedTool> NamedTool = new ObjectReader<NamedTool>(static () => new())
        .String("name", Presence.Required, static (tool, name) => tool.Name = name, essential: true);

    /// <summary><c>{"type": "function" | "custom", ...: {"name"}}</c>, an item of allowed_tools.tools.</summary>
    private static readonly UnionReader<ToolReference> ToolReference = new UnionReader<ToolReference>(UnionTags.ToolReference, static () => new())
        .Payload(V1.ToolReference.FunctionFieldNumber, NamedTool.Read, static (reference, named) => reference.Function = named)
        .Payload(V1.ToolReference.CustomFieldNumber, NamedTool.Read, static (reference, named) => reference.Custom = named);

    private static readonly ObjectReader<AllowedTools> AllowedTools = new ObjectReader<AllowedTools>(static () => new())
        .Literal("mode", Presence.Required, EnumLiteralTables.AllowedToolsMode, static (allowed, mode) => allowed.Mode = (AllowedToolsMode)mode)
        .List("tools", Presence.Required, static allowed => allowed.Tools, ToolReference.Read, Placeholders.ToolReference);

    /// <summary><c>{"type": "function" | "custom", ...: {"name"}}</c> or <c>{"type": "allowed_tools", "allowed_tools": {"mode", "tools"}}</c>.</summary>
    private static readonly UnionReader<ToolChoice> ToolChoiceObject = new UnionReader<ToolChoice>(UnionTags.ToolChoice, static () => new())
        .Payload(V1.ToolChoice.FunctionFieldNumber, NamedTool.Read, static (choice, named) => choice.Function = named)
        .Payload(V1.ToolChoice.CustomFieldNumber, NamedTool.Read, static (choice, named) => choice.Custom = named)
        .Payload(V1.ToolChoice.AllowedToolsFieldNumber, AllowedTools.Read, static (choice, allowed) => choice.AllowedTools = allowed);

    /// <summary>The tool_choice at the current location.</summary>
    public static readonly ModeOrObject<ToolChoice> ToolChoice = new(
        EnumLiteralTables.ToolChoiceMode, V1.ToolChoice.Descriptor, static mode => new ToolChoice { Mode = (ToolChoiceMode)mode }, ToolChoiceObject.Read);

    /// <summary>The function_call at the current location: <c>{"name"}</c> as its object.</summary>
    public static readonly ModeOrObject<FunctionCallChoice> FunctionCall = new(
        EnumLiteralTables.FunctionCallMode,
        FunctionCallChoice.Descriptor,
        static mode => new FunctionCallChoice { Mode = (FunctionCallMode)mode },
        static (value, context) => NamedTool.Read(value, context) is { } named ? new FunctionCallChoice { Function = named } : null);

    /// <summary>A mode literal or an object, whose union members <paramref name="descriptor"/> names.</summary>
    internal sealed class ModeOrObject<T>(EnumLiteralTable modes, MessageDescriptor descriptor, Func<int, T> fromMode, Func<JsonElement, JsonReadContext, T?> readObject)
        where T : class
    {
        private readonly UnionMembers _members = new(JsonShapes.StringMemberOf(descriptor), JsonShapes.ObjectMemberOf(descriptor));

        public T? Read(JsonElement value, JsonReadContext context)
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                if (modes.TryMatch(value, out var mode))
                {
                    return fromMode(mode);
                }

                context.Report(modes.Mismatch(context.Location(_members.String), value));
                context.Report(PydanticErrors.ModelAttributesType(context.Location(_members.Object), value));
                return null;
            }

            var problemCount = context.ProblemCount;
            T? choice;
            using (context.Enter(_members.Object))
            {
                choice = readObject(value, context);
            }

            if (context.ProblemCount == problemCount)
            {
                return choice;
            }

            context.ReportBefore(problemCount, modes.Mismatch(context.Location(_members.String), value));
            return null;
        }
    }
}
