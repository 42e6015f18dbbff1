using System.Text.Json;
using ChatGrpc.Server.OpenAi.Writing;
using ChatGrpc.V1;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.Providers.Anthropic;

/// <summary>
/// Writes an OpenAI-shaped request as an Anthropic Messages API request. System and developer messages become
/// <c>system</c> blocks, in order; user and tool messages become user turns (tool results as <c>tool_result</c>
/// blocks), assistant messages assistant turns (tool calls as <c>tool_use</c> blocks); consecutive turns of one role
/// are merged, as Anthropic wants them alternating. Fields listed in <see cref="AnthropicFields"/> never get here set
/// (the router refuses or drops them first).
/// </summary>
internal static class AnthropicRequestWriter
{
    /// <summary>Anthropic requires <c>max_tokens</c>; OpenAI's is optional. This is sent when the request sets neither limit.</summary>
    public const int DefaultMaxTokens = 4096;

    public static void Write(Utf8JsonWriter writer, CreateChatCompletionRequest request, string upstreamModel, bool stream)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(request);
        writer.WriteStartObject();
        writer.WriteString("model"u8, upstreamModel);
        var maxTokens = request.HasMaxCompletionTokens ? request.MaxCompletionTokens : request.HasMaxTokens ? request.MaxTokens : DefaultMaxTokens;
        var thinkingBudget = ThinkingBudget(request);

        // Anthropic counts thinking inside max_tokens and wants the budget below it: the budget comes on top of the answer's limit.
        writer.WriteNumber("max_tokens"u8, maxTokens + (thinkingBudget ?? 0));
        if (thinkingBudget is { } budget)
        {
            writer.WriteStartObject("thinking"u8);
            writer.WriteString("type"u8, "enabled"u8);
            writer.WriteNumber("budget_tokens"u8, budget);
            writer.WriteEndObject();
        }

        WriteSystem(writer, request);
        WriteMessages(writer, request);
        if (request.Stop.Count > 0)
        {
            writer.WriteStartArray("stop_sequences"u8);
            foreach (var stop in request.Stop)
            {
                writer.WriteStringValue(stop);
            }

            writer.WriteEndArray();
        }

        writer.WriteNumberIfSet("temperature"u8, request.HasTemperature, request.Temperature);
        writer.WriteNumberIfSet("top_p"u8, request.HasTopP, request.TopP);

        WriteTools(writer, request);
        if (request.HasSafetyIdentifier || request.HasUser)
        {
            // Anthropic's one per-user field; OpenAI's safety_identifier replaces user for the same purpose.
            writer.WriteStartObject("metadata"u8);
            writer.WriteString("user_id"u8, request.HasSafetyIdentifier ? request.SafetyIdentifier : request.User);
            writer.WriteEndObject();
        }

        if (stream)
        {
            writer.WriteBoolean("stream"u8, true);
        }

        // Extras reach Anthropic only when the model's ExtraFields is Pass (its default, Drop, clears them first):
        // Anthropic's own fields (top_k, thinking) sent as the caller wrote them.
        ProtoStructJson.WriteExtraFields(writer, request.ExtraBody);
        writer.WriteEndObject();
    }

    /// <summary>
    /// The thinking budget <c>reasoning_effort</c> asks for (Anthropic's extended thinking, relayed back as
    /// <c>reasoning_content</c>): 1,024 tokens (Anthropic's least) for minimal and low, 4,096 for medium, 16,384 for high,
    /// 32,768 above; none, or no effort, is no thinking.
    /// </summary>
    private static long? ThinkingBudget(CreateChatCompletionRequest request) => !request.HasReasoningEffort ? null : request.ReasoningEffort switch
    {
        ReasoningEffort.Minimal or ReasoningEffort.Low => 1024,
        ReasoningEffort.Medium => 4096,
        ReasoningEffort.High => 16384,
        ReasoningEffort.Xhigh or ReasoningEffort.Max => 32768,
        _ => null,
    };

    private static void WriteSystem(Utf8JsonWriter writer, CreateChatCompletionRequest request)
    {
        var started = false;
        foreach (var message in request.Messages)
        {
            var content = message.RoleCase switch
            {
                ChatMessage.RoleOneofCase.System => message.System.Content,
                ChatMessage.RoleOneofCase.Developer => message.Developer.Content,
                _ => null,
            };
            if (content is null)
            {
                continue;
            }

            if (!started)
            {
                writer.WriteStartArray("system"u8);
                started = true;
            }

            WriteTextBlocks(writer, content);
        }

        if (started)
        {
            writer.WriteEndArray();
        }
    }

    private static void WriteMessages(Utf8JsonWriter writer, CreateChatCompletionRequest request)
    {
        writer.WriteStartArray("messages"u8);
        string? openRole = null;
        foreach (var message in request.Messages)
        {
            var role = message.RoleCase switch
            {
                ChatMessage.RoleOneofCase.User or ChatMessage.RoleOneofCase.Tool => "user",
                ChatMessage.RoleOneofCase.Assistant => "assistant",
                _ => null,
            };
            if (role is null)
            {
                continue;
            }

            if (role != openRole)
            {
                if (openRole is not null)
                {
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteStartObject();
                writer.WriteString("role"u8, role);
                writer.WriteStartArray("content"u8);
                openRole = role;
            }

            switch (message.RoleCase)
            {
                case ChatMessage.RoleOneofCase.User:
                    WriteUserBlocks(writer, message.User.Content);
                    break;
                case ChatMessage.RoleOneofCase.Tool:
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "tool_result"u8);
                    writer.WriteString("tool_use_id"u8, message.Tool.ToolCallId);
                    writer.WritePropertyName("content"u8);
                    writer.WriteStartArray();
                    WriteTextBlocks(writer, message.Tool.Content);
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                    break;
                case ChatMessage.RoleOneofCase.Assistant:
                    WriteAssistantBlocks(writer, message.Assistant);
                    break;
            }
        }

        if (openRole is not null)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteTextBlocks(Utf8JsonWriter writer, TextContent? content)
    {
        if (content is not null)
        {
            WriteBlocks(writer, content.HasText, content.Text, content.Parts?.Parts, static (writer, part) => WriteTextBlock(writer, part.Text));
        }
    }

    /// <summary>
    /// OpenAI's content, a string or a list of parts, as Anthropic's content blocks written into the open list: one
    /// text block for the string, a block for each part.
    /// </summary>
    private static void WriteBlocks<TPart>(Utf8JsonWriter writer, bool hasText, string text, RepeatedField<TPart>? parts, Action<Utf8JsonWriter, TPart> writePartBlock)
    {
        if (hasText)
        {
            WriteTextBlock(writer, text);
        }
        else if (parts is not null)
        {
            writer.WriteItems(parts, writePartBlock);
        }
    }

    private static void WriteTextBlock(Utf8JsonWriter writer, string text)
    {
        // Anthropic refuses empty text blocks; an empty OpenAI part adds nothing.
        if (text.Length == 0)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("type"u8, "text"u8);
        writer.WriteString("text"u8, text);
        writer.WriteEndObject();
    }

    private static void WriteUserBlocks(Utf8JsonWriter writer, UserContent? content)
    {
        if (content is null)
        {
            return;
        }

        WriteBlocks(writer, content.HasText, content.Text, content.Parts?.Parts, static (writer, part) =>
        {
            switch (part.TypeCase)
            {
                case UserContentPart.TypeOneofCase.Text:
                    WriteTextBlock(writer, part.Text);
                    break;
                case UserContentPart.TypeOneofCase.ImageUrl:
                    WriteSourceBlock(writer, "image"u8, part.ImageUrl.Url, defaultMediaType: "image/png");
                    break;
                case UserContentPart.TypeOneofCase.File when part.File.HasFileData:
                    WriteSourceBlock(writer, "document"u8, part.File.FileData, defaultMediaType: "application/pdf");
                    break;
            }
        });
    }

    /// <summary>An image or document: a data URL (or bare base64) as a base64 source, any other URL as a url source.</summary>
    private static void WriteSourceBlock(Utf8JsonWriter writer, ReadOnlySpan<byte> type, string data, string defaultMediaType)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, type);
        writer.WriteStartObject("source"u8);
        if (data.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || data.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            writer.WriteString("type"u8, "url"u8);
            writer.WriteString("url"u8, data);
        }
        else
        {
            var mediaType = defaultMediaType;
            var payload = data.AsSpan();
            var comma = payload.IndexOf(',');
            if (data.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && comma > 0)
            {
                var header = payload[5..comma];
                var semicolon = header.IndexOf(';');
                mediaType = (semicolon >= 0 ? header[..semicolon] : header).ToString();
                payload = payload[(comma + 1)..];
            }

            writer.WriteString("type"u8, "base64"u8);
            writer.WriteString("media_type"u8, mediaType);
            writer.WriteString("data"u8, payload);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteAssistantBlocks(Utf8JsonWriter writer, AssistantMessage assistant)
    {
        switch (assistant.Content?.ContentCase)
        {
            case AssistantContent.ContentOneofCase.Text:
                WriteTextBlock(writer, assistant.Content.Text);
                break;
            case AssistantContent.ContentOneofCase.Parts:
                foreach (var part in assistant.Content.Parts.Parts)
                {
                    // A refusal part is what the assistant said: text to Anthropic.
                    WriteTextBlock(writer, part.TypeCase == AssistantContentPart.TypeOneofCase.Text ? part.Text : part.Refusal);
                }

                break;
        }

        foreach (var call in assistant.ToolCalls)
        {
            if (call.TypeCase != ToolCall.TypeOneofCase.Function)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("type"u8, "tool_use"u8);
            writer.WriteString("id"u8, call.Id);
            writer.WriteString("name"u8, call.Function.Name);
            writer.WritePropertyName("input"u8);
            WriteArguments(writer, call.Function.Arguments);
            writer.WriteEndObject();
        }
    }

    /// <summary>OpenAI's arguments are JSON text, Anthropic's input a JSON object: relayed as is when they are one.</summary>
    private static void WriteArguments(Utf8JsonWriter writer, string arguments)
    {
        try
        {
            using var document = JsonDocument.Parse(arguments);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                document.RootElement.WriteTo(writer);
                return;
            }
        }
        catch (JsonException)
        {
        }

        // A model's malformed arguments cannot be sent back as an object; an empty one keeps the turn valid.
        writer.WriteStartObject();
        writer.WriteEndObject();
    }

    private static void WriteTools(Utf8JsonWriter writer, CreateChatCompletionRequest request)
    {
        var functions = request.Tools.Where(static t => t.TypeCase == Tool.TypeOneofCase.Function).ToList();
        if (functions.Count > 0)
        {
            writer.WriteStartArray("tools"u8);
            foreach (var tool in functions)
            {
                writer.WriteStartObject();
                writer.WriteString("name"u8, tool.Function.Name);
                writer.WriteStringIfSet("description"u8, tool.Function.HasDescription, tool.Function.Description);

                writer.WritePropertyName("input_schema"u8);
                if (tool.Function.Parameters is { } parameters)
                {
                    ProtoStructJson.WriteStruct(writer, parameters);
                }
                else
                {
                    // OpenAI allows a function without parameters; Anthropic needs a schema: one that takes none.
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "object"u8);
                    writer.WriteStartObject("properties"u8);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        var disableParallel = request.HasParallelToolCalls && !request.ParallelToolCalls;
        var choice = request.ToolChoice;
        if (choice is null && !(disableParallel && functions.Count > 0))
        {
            return;
        }

        writer.WriteStartObject("tool_choice"u8);
        switch (choice?.ChoiceCase)
        {
            case ToolChoice.ChoiceOneofCase.Mode when choice.Mode == ToolChoiceMode.None:
                writer.WriteString("type"u8, "none"u8);
                break;
            case ToolChoice.ChoiceOneofCase.Mode when choice.Mode == ToolChoiceMode.Required:
                writer.WriteString("type"u8, "any"u8);
                break;
            case ToolChoice.ChoiceOneofCase.Function:
                writer.WriteString("type"u8, "tool"u8);
                writer.WriteString("name"u8, choice.Function.Name);
                break;
            default:
                writer.WriteString("type"u8, "auto"u8);
                break;
        }

        if (disableParallel && choice?.Mode != ToolChoiceMode.None)
        {
            writer.WriteBoolean("disable_parallel_tool_use"u8, true);
        }

        writer.WriteEndObject();
    }
}
