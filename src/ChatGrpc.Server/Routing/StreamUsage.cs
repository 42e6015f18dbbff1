using System.Text;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Tokens;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Routing;

/// <summary>
/// Keeps the promise of <c>stream_options.include_usage</c> whatever the upstream: if the stream ends without a usage
/// chunk, makes one with the stream's id, counting the tokens of its deltas into
/// <see cref="CallContext.StreamedCompletionTokens"/>. The pipeline asks for the usage of every stream, for its record,
/// and hides it from a caller that did not ask.
/// </summary>
/// <remarks>
/// The deltas' text is kept as it passes and counted only when the stream is over without the upstream's usage. An
/// upstream that reports its own (OpenAI's, Anthropic's, the development model) makes the count needless: its chunks
/// cost no tokenizing, and a gateway whose streams all report usage never loads the tokenizer's 50 MB. What is kept is
/// bounded: past <see cref="PendingCharsLimit"/> characters the text is counted and let go, so a long stream holds at
/// most that much. The text of all deltas is counted as one, in the order it came, as the model wrote it.
/// </remarks>
internal sealed class StreamUsage(UsageEstimator estimator, CreateChatCompletionRequest request, CallContext call)
{
    /// <summary>The most characters of delta text one stream keeps uncounted.</summary>
    public const int PendingCharsLimit = 16 * 1024;

    private ChatCompletionChunk? _first;
    private StringBuilder? _pending;
    private bool _reported;

    public void Observe(ChatCompletionChunk chunk)
    {
        _first ??= chunk;
        if (_reported)
        {
            return;
        }

        if (chunk.Usage is not null)
        {
            _reported = true;
            _pending = null;
            return;
        }

        foreach (var choice in chunk.Choices)
        {
            if (choice.Delta is { } delta)
            {
                Keep(delta);
            }
        }

        if (_pending is { Length: > PendingCharsLimit })
        {
            CountPending(call.CancellationToken);
        }
    }

    /// <summary>At the stream's end, the usage chunk the gateway counted (the call marked estimated), or null when the upstream sent its own.</summary>
    public ChatCompletionChunk? EstimatedChunk()
    {
        if (_reported)
        {
            return null;
        }

        CountPending(call.CancellationToken);
        call.UsageEstimated = true;
        return new ChatCompletionChunk
        {
            Id = _first?.Id ?? string.Empty,
            Created = _first?.Created ?? 0,
            Model = _first?.Model ?? request.Model,
            Usage = UsageEstimator.Create(estimator.CountPrompt(request, call.CancellationToken), call.StreamedCompletionTokens),
        };
    }

    /// <summary>
    /// Counts the text still kept, for a stream cut short before any usage: what it is charged. Not cancellable: it
    /// runs as the stream is disposed, often because the caller left, and it is bounded by <see cref="PendingCharsLimit"/>.
    /// </summary>
    public void Close()
    {
        if (!_reported)
        {
            CountPending(CancellationToken.None);
        }
    }

    private void Keep(ChatCompletionDelta delta)
    {
        Append(delta.Content);
        Append(delta.Refusal);
        foreach (var toolCall in delta.ToolCalls)
        {
            Append(toolCall.Function?.Name);
            Append(toolCall.Function?.Arguments);
        }

        if (delta.FunctionCall is { } function)
        {
            Append(function.Name);
            Append(function.Arguments);
        }
    }

    private void Append(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            (_pending ??= new StringBuilder()).Append(text);
        }
    }

    private void CountPending(CancellationToken cancellationToken)
    {
        if (_pending is not { Length: > 0 } pending)
        {
            return;
        }

        call.StreamedCompletionTokens += estimator.CountText(pending.ToString(), cancellationToken);
        pending.Clear();
    }
}
