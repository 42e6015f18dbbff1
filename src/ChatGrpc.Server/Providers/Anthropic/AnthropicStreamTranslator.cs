using System.Text.Json;
using ChatGrpc.Server.Providers.Http;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Providers.Anthropic;

/// <summary>
/// Turns Anthropic's stream events into OpenAI chunks, one stream at a time: <c>message_start</c> gives the first
/// delta (role), text deltas content, a <c>tool_use</c> block's start a tool call's id and name and its
/// <c>input_json_delta</c>s the call's argument deltas, <c>message_delta</c> the finish reason, and
/// <c>message_stop</c> (with <c>include_usage</c>) the usage chunk, thinking deltas <c>reasoning_content</c>. Pings and
/// signatures give nothing.
/// </summary>
internal sealed class AnthropicStreamTranslator(string upstream, UpstreamMessageScrubber scrubber, long created, bool includeUsage)
{
    private readonly Dictionary<long, int> _toolIndexByBlock = [];
    private string _id = string.Empty;
    private string _model = string.Empty;
    private long _input;
    private long _cacheCreation;
    private long _cacheRead;
    private long _output;

    /// <summary>Whether <c>message_stop</c> was seen: a stream that ends before it was cut.</summary>
    public bool Stopped { get; private set; }

    /// <summary>The chunk one event gives, or null.</summary>
    /// <exception cref="Errors.ChatCompletionException">The event is Anthropic's <c>error</c> event.</exception>
    public ChatCompletionChunk? Translate(ReadOnlyMemory<byte> data)
    {
        using var document = JsonDocument.Parse(data);
        var root = document.RootElement;
        switch (AnthropicResponseReader.String(root, "type"u8))
        {
            case "message_start" when root.TryGetProperty("message"u8, out var message):
                _id = AnthropicResponseReader.String(message, "id"u8) ?? string.Empty;
                _model = AnthropicResponseReader.String(message, "model"u8) ?? string.Empty;
                if (message.TryGetProperty("usage"u8, out var startUsage))
                {
                    ReadUsage(startUsage);
                }

                return Chunk(new ChatCompletionDelta { Role = ChatRole.Assistant, Content = string.Empty });
            case "content_block_start" when root.TryGetProperty("content_block"u8, out var block):
                if (AnthropicResponseReader.String(block, "type"u8) == "tool_use")
                {
                    var toolIndex = _toolIndexByBlock.Count;
                    _toolIndexByBlock[AnthropicResponseReader.Number(root, "index"u8)] = toolIndex;
                    return Chunk(new ChatCompletionDelta
                    {
                        ToolCalls =
                        {
                            new ToolCallDelta
                            {
                                Index = toolIndex,
                                Id = AnthropicResponseReader.String(block, "id"u8) ?? string.Empty,
                                Function = new FunctionCallDelta { Name = AnthropicResponseReader.String(block, "name"u8) ?? string.Empty, Arguments = string.Empty },
                            },
                        },
                    });
                }

                return AnthropicResponseReader.String(block, "text"u8) is { Length: > 0 } initial ? Chunk(new ChatCompletionDelta { Content = initial }) : null;
            case "content_block_delta" when root.TryGetProperty("delta"u8, out var delta):
                switch (AnthropicResponseReader.String(delta, "type"u8))
                {
                    case "text_delta":
                        return Chunk(new ChatCompletionDelta { Content = AnthropicResponseReader.String(delta, "text"u8) ?? string.Empty });
                    case "thinking_delta":
                        return Chunk(new ChatCompletionDelta { ReasoningContent = AnthropicResponseReader.String(delta, "thinking"u8) ?? string.Empty });
                    case "input_json_delta" when _toolIndexByBlock.TryGetValue(AnthropicResponseReader.Number(root, "index"u8), out var index):
                        return Chunk(new ChatCompletionDelta
                        {
                            ToolCalls = { new ToolCallDelta { Index = index, Function = new FunctionCallDelta { Arguments = AnthropicResponseReader.String(delta, "partial_json"u8) ?? string.Empty } } },
                        });
                    default:
                        return null;
                }

            case "message_delta":
                if (root.TryGetProperty("usage"u8, out var deltaUsage))
                {
                    ReadUsage(deltaUsage);
                }

                var stopReason = root.TryGetProperty("delta"u8, out var messageDelta) ? AnthropicResponseReader.String(messageDelta, "stop_reason"u8) : null;
                return Chunk(new ChatCompletionDelta(), AnthropicStopReasons.ToFinishReason(stopReason));
            case "message_stop":
                Stopped = true;
                return includeUsage
                    ? new ChatCompletionChunk { Id = _id, Created = created, Model = _model, Usage = AnthropicStopReasons.ToUsage(_input, _output, _cacheCreation, _cacheRead) }
                    : null;
            case "error":
                throw UpstreamFailures.StreamError(upstream, UpstreamErrorBody.Parse(data.Span, scrubber));
            default:
                return null;
        }
    }

    private void ReadUsage(JsonElement usage)
    {
        // message_delta's usage is cumulative; message_start's holds the input side.
        _input = Math.Max(_input, AnthropicResponseReader.Number(usage, "input_tokens"u8));
        _cacheCreation = Math.Max(_cacheCreation, AnthropicResponseReader.Number(usage, "cache_creation_input_tokens"u8));
        _cacheRead = Math.Max(_cacheRead, AnthropicResponseReader.Number(usage, "cache_read_input_tokens"u8));
        _output = Math.Max(_output, AnthropicResponseReader.Number(usage, "output_tokens"u8));
    }

    private ChatCompletionChunk Chunk(ChatCompletionDelta delta, FinishReason finishReason = FinishReason.Unspecified) => new()
    {
        Id = _id,
        Created = created,
        Model = _model,
        Choices = { new ChatCompletionChunkChoice { Index = 0, Delta = delta, FinishReason = finishReason } },
    };
}
