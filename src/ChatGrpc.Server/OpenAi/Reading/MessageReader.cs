using System.Diagnostics;
using System.Text.Json;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// Messages, discriminated by <c>role</c> with the variant's keys beside it. Problems are located under
/// the role after the message's index: <c>["messages", 0, "user", "content"]</c>.
/// </summary>
internal static class MessageReader
{
    private static readonly KnownKeys NamedTextKeys = new("role", "content", "name");
    private static readonly KnownKeys AssistantKeys = new("role", "content", "refusal", "name", "audio", "tool_calls", "function_call", "reasoning_content");
    private static readonly KnownKeys ToolKeys = new("role", "content", "tool_call_id");
    private static readonly KnownKeys AudioReferenceKeys = new("id");
    private static readonly KnownKeys FunctionToolCallKeys = new("id", "type", "function");
    private static readonly KnownKeys CustomToolCallKeys = new("id", "type", "custom");
    private static readonly KnownKeys FunctionCallKeys = new("name", "arguments");
    private static readonly KnownKeys CustomCallKeys = new("name", "input");

    /// <summary>Reads the message at the current location; null when it is not an object or has no known role.</summary>
    public static ChatMessage? Read(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        var fields = MessageFields.Collect(value);
        if (!UnionTags.Message.TryMatch(value, fields.Role, context, out var tag))
        {
            return null;
        }

        using (context.Enter(tag.Name))
        {
            var role = (ChatMessage.RoleOneofCase)tag.Number;
            context.ReportUnknownKeys(value, role switch
            {
                ChatMessage.RoleOneofCase.Assistant => AssistantKeys,
                ChatMessage.RoleOneofCase.Tool => ToolKeys,
                _ => NamedTextKeys,
            });
            return role switch
            {
                ChatMessage.RoleOneofCase.Developer => new ChatMessage { Developer = ReadDeveloper(value, fields, context) },
                ChatMessage.RoleOneofCase.System => new ChatMessage { System = ReadSystem(value, fields, context) },
                ChatMessage.RoleOneofCase.User => new ChatMessage { User = ReadUser(value, fields, context) },
                ChatMessage.RoleOneofCase.Assistant => new ChatMessage { Assistant = ReadAssistant(fields, context) },
                ChatMessage.RoleOneofCase.Tool => new ChatMessage { Tool = ReadTool(value, fields, context) },
                ChatMessage.RoleOneofCase.Function => new ChatMessage { Function = ReadFunction(value, fields, context) },
                _ => throw new UnreachableException(),
            };
        }
    }

    private static DeveloperMessage ReadDeveloper(JsonElement value, MessageFields fields, JsonReadContext context)
    {
        var message = new DeveloperMessage { Content = ReadRequiredTextContent(value, fields.Content, context) };
        if (LaxScalars.TryReadOmittableString(fields.Name, context, "name", out var name))
        {
            message.Name = name;
        }

        return message;
    }

    private static SystemMessage ReadSystem(JsonElement value, MessageFields fields, JsonReadContext context)
    {
        var message = new SystemMessage { Content = ReadRequiredTextContent(value, fields.Content, context) };
        if (LaxScalars.TryReadOmittableString(fields.Name, context, "name", out var name))
        {
            message.Name = name;
        }

        return message;
    }

    private static UserMessage ReadUser(JsonElement value, MessageFields fields, JsonReadContext context)
    {
        var message = new UserMessage();
        if (context.RequireKey(fields.Content, value, "content"))
        {
            using (context.Enter("content"))
            {
                message.Content = ContentReader.ReadUser(fields.Content, context);
            }
        }

        if (LaxScalars.TryReadOmittableString(fields.Name, context, "name", out var name))
        {
            message.Name = name;
        }

        return message;
    }

    private static AssistantMessage ReadAssistant(MessageFields fields, JsonReadContext context)
    {
        var message = new AssistantMessage();
        if (Presence.IsSet(fields.Content))
        {
            using (context.Enter("content"))
            {
                message.Content = ContentReader.ReadAssistant(fields.Content, context);
            }
        }

        if (LaxScalars.TryReadOptionalString(fields.Refusal, context, "refusal", out var refusal))
        {
            message.Refusal = refusal;
        }

        if (LaxScalars.TryReadOmittableString(fields.Name, context, "name", out var name))
        {
            message.Name = name;
        }

        if (Presence.IsSet(fields.Audio))
        {
            using (context.Enter("audio"))
            {
                message.Audio = ReadAudioReference(fields.Audio, context);
            }
        }

        if (Presence.IsSent(fields.ToolCalls))
        {
            using (context.Enter("tool_calls"))
            {
                JsonLists.Read(fields.ToolCalls, context, message.ToolCalls, ReadToolCall, Placeholders.ToolCall);
            }
        }

        if (Presence.IsSet(fields.FunctionCall))
        {
            using (context.Enter("function_call"))
            {
                message.FunctionCall = ReadFunctionCall(fields.FunctionCall, context);
            }
        }

        // Outside OpenAI's schema, so never a validation problem: a string is relayed, anything else ignored.
        if (fields.ReasoningContent.ValueKind == JsonValueKind.String)
        {
            message.ReasoningContent = JsonText.GetString(fields.ReasoningContent);
        }

        return message;
    }

    private static ToolMessage ReadTool(JsonElement value, MessageFields fields, JsonReadContext context)
    {
        var message = new ToolMessage { Content = ReadRequiredTextContent(value, fields.Content, context) };
        if (LaxScalars.TryReadRequiredString(fields.ToolCallId, value, context, "tool_call_id", out var toolCallId))
        {
            message.ToolCallId = toolCallId;
        }

        return message;
    }

    private static FunctionMessage ReadFunction(JsonElement value, MessageFields fields, JsonReadContext context)
    {
        // The key is required, but its value may be null.
        var message = new FunctionMessage();
        if (context.RequireKey(fields.Content, value, "content")
            && fields.Content.ValueKind != JsonValueKind.Null
            && LaxScalars.TryReadString(fields.Content, context, "content", out var content))
        {
            message.Content = content;
        }

        if (LaxScalars.TryReadRequiredString(fields.Name, value, context, "name", out var name))
        {
            message.Name = name;
        }

        return message;
    }

    private static TextContent? ReadRequiredTextContent(JsonElement message, JsonElement content, JsonReadContext context)
    {
        if (!context.RequireKey(content, message, "content"))
        {
            return null;
        }

        using (context.Enter("content"))
        {
            return ContentReader.ReadText(content, context);
        }
    }

    private static AssistantAudioReference? ReadAudioReference(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        context.ReportUnknownKeys(value, AudioReferenceKeys);
        var audio = new AssistantAudioReference();
        if (LaxScalars.TryReadRequiredString(ObjectKeys.Find(value, "id"u8), value, context, "id", out var id))
        {
            audio.Id = id;
        }

        return audio;
    }

    /// <summary>A call of a tool, discriminated by <c>type</c>, with its <c>id</c> beside the tag.</summary>
    private static ToolCall? ReadToolCall(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "id"u8, out var id, "type"u8, out var type, "function"u8, out var function, "custom"u8, out var custom);
        if (!UnionTags.ToolCall.TryMatch(value, type, context, out var tag))
        {
            return null;
        }

        using (context.Enter(tag.Name))
        {
            context.ReportUnknownKeys(value, (ToolCall.TypeOneofCase)tag.Number == ToolCall.TypeOneofCase.Custom ? CustomToolCallKeys : FunctionToolCallKeys);
            var call = new ToolCall();
            if (LaxScalars.TryReadRequiredString(id, value, context, "id", out var text))
            {
                call.Id = text;
            }

            switch ((ToolCall.TypeOneofCase)tag.Number)
            {
                case ToolCall.TypeOneofCase.Function when context.RequireKey(function, value, "function"):
                    using (context.Enter("function"))
                    {
                        call.Function = ReadFunctionCall(function, context);
                    }

                    break;
                case ToolCall.TypeOneofCase.Custom when context.RequireKey(custom, value, "custom"):
                    using (context.Enter("custom"))
                    {
                        call.Custom = ReadCustomToolCall(custom, context);
                    }

                    break;
            }

            return call;
        }
    }

    private static FunctionCall? ReadFunctionCall(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "name"u8, out var name, "arguments"u8, out var arguments);
        context.ReportUnknownKeys(value, FunctionCallKeys);
        var call = new FunctionCall();
        if (LaxScalars.TryReadRequiredString(name, value, context, "name", out var text))
        {
            call.Name = text;
        }

        if (LaxScalars.TryReadRequiredString(arguments, value, context, "arguments", out text))
        {
            call.Arguments = text;
        }

        return call;
    }

    private static CustomToolCall? ReadCustomToolCall(JsonElement value, JsonReadContext context)
    {
        if (!context.RequireObject(value))
        {
            return null;
        }

        ObjectKeys.Collect(value, "name"u8, out var name, "input"u8, out var input);
        context.ReportUnknownKeys(value, CustomCallKeys);
        var call = new CustomToolCall();
        if (LaxScalars.TryReadRequiredString(name, value, context, "name", out var text))
        {
            call.Name = text;
        }

        if (LaxScalars.TryReadRequiredString(input, value, context, "input", out text))
        {
            call.Input = text;
        }

        return call;
    }

    /// <summary>The keys of every role's variant, the last of each repeated key winning as in Python's json.</summary>
    private struct MessageFields
    {
        public JsonElement Role;
        public JsonElement Content;
        public JsonElement Name;
        public JsonElement Refusal;
        public JsonElement Audio;
        public JsonElement ToolCalls;
        public JsonElement FunctionCall;
        public JsonElement ToolCallId;
        public JsonElement ReasoningContent;

        public static MessageFields Collect(JsonElement message)
        {
            var fields = default(MessageFields);
            foreach (var property in message.EnumerateObject())
            {
                var name = JsonText.GetUtf8Name(property);
                if (name.SequenceEqual("role"u8))
                {
                    fields.Role = property.Value;
                }
                else if (name.SequenceEqual("content"u8))
                {
                    fields.Content = property.Value;
                }
                else if (name.SequenceEqual("name"u8))
                {
                    fields.Name = property.Value;
                }
                else if (name.SequenceEqual("refusal"u8))
                {
                    fields.Refusal = property.Value;
                }
                else if (name.SequenceEqual("audio"u8))
                {
                    fields.Audio = property.Value;
                }
                else if (name.SequenceEqual("tool_calls"u8))
                {
                    fields.ToolCalls = property.Value;
                }
                else if (name.SequenceEqual("function_call"u8))
                {
                    fields.FunctionCall = property.Value;
                }
                else if (name.SequenceEqual("tool_call_id"u8))
                {
                    fields.ToolCallId = property.Value;
                }
                else if (name.SequenceEqual("reasoning_content"u8))
                {
                    fields.ReasoningContent = property.Value;
                }
            }

            return fields;
        }
    }
}
