using System.Buffers;
using System.Text;
using System.Text.Json;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Providers.Anthropic;

/// <summary>
/// Reads an Anthropic <c>message</c> as an OpenAI <c>chat.completion</c>: text blocks joined as the content,
/// <c>tool_use</c> blocks as tool calls (their input as the arguments' JSON text), the stop reason as the finish
/// reason, usage with cache reads and writes counted in the prompt, and thinking blocks joined as <c>reasoning_content</c>.
/// </summary>
internal static class AnthropicResponseReader
{
    /// <exception cref="JsonException">The answer is not JSON.</exception>
    public static ChatCompletion Read(ReadOnlyMemory<byte> json, long created) => Read(new ReadOnlySequence<byte>(json), created);

    /// <exception cref="JsonException">The answer is not JSON.</exception>
    public static ChatCompletion Read(ReadOnlySequence<byte> json, long created)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var message = new ChatCompletionMessage();
        var text = new StringBuilder();
        var hasText = false;
        StringBuilder? thinking = null;
        if (root.TryGetProperty("content"u8, out var content) && content.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in content.EnumerateArray())
            {
                switch (String(block, "type"u8))
                {
                    case "text":
                        text.Append(String(block, "text"u8));
                        hasText = true;
                        break;
                    case "thinking":
                        (thinking ??= new StringBuilder()).Append(String(block, "thinking"u8));
                        break;
                    case "tool_use":
                        message.ToolCalls.Add(new ToolCall
                        {
                            Id = String(block, "id"u8) ?? string.Empty,
                            Function = new FunctionCall
                            {
                                Name = String(block, "name"u8) ?? string.Empty,
                                Arguments = block.TryGetProperty("input"u8, out var input) ? input.GetRawText() : "{}",
                            },
                        });
                        break;
                }
            }
        }

        if (hasText)
        {
            message.Content = text.ToString();
        }

        if (thinking is not null)
        {
            message.ReasoningContent = thinking.ToString();
        }

        var completion = new ChatCompletion
        {
            Id = String(root, "id"u8) ?? string.Empty,
            Created = created,
            Model = String(root, "model"u8) ?? string.Empty,
            Choices = { new ChatCompletionChoice { Index = 0, Message = message, FinishReason = AnthropicStopReasons.ToFinishReason(String(root, "stop_reason"u8)) } },
        };
        if (root.TryGetProperty("usage"u8, out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            completion.Usage = AnthropicStopReasons.ToUsage(Number(usage, "input_tokens"u8), Number(usage, "output_tokens"u8), Number(usage, "cache_creation_input_tokens"u8), Number(usage, "cache_read_input_tokens"u8));
        }

        return completion;
    }

    internal static string? String(JsonElement element, ReadOnlySpan<byte> name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static long Number(JsonElement element, ReadOnlySpan<byte> name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : 0;
}
