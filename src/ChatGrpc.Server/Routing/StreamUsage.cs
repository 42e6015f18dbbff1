using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Tokens;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Routing;

/// <summary>
/// Keeps the promise of <c>stream_options.include_usage</c> whatever the upstream: counts the tokens of each delta as it
/// passes (no text is kept) into <see cref="CallContext.StreamedCompletionTokens"/>, and if the stream ends without a
/// usage chunk, makes one with the stream's id.
/// </summary>
internal sealed class StreamUsage(UsageEstimator estimator, CreateChatCompletionRequest request, CallContext call)
{
    private ChatCompletionChunk? _first;
    private bool _reported;

    public void Observe(ChatCompletionChunk chunk)
    {
        _first ??= chunk;
        if (chunk.Usage is not null)
        {
            _reported = true;
            return;
        }

        foreach (var choice in chunk.Choices)
        {
            call.StreamedCompletionTokens += estimator.CountDelta(choice.Delta, call.CancellationToken);
        }
    }

    /// <summary>At the stream's end, the usage chunk the gateway counted (the call marked estimated), or null when the upstream sent its own.</summary>
    public ChatCompletionChunk? EstimatedChunk()
    {
        if (_reported)
        {
            return null;
        }

        call.UsageEstimated = true;
        return new ChatCompletionChunk
        {
            Id = _first?.Id ?? string.Empty,
            Created = _first?.Created ?? 0,
            Model = _first?.Model ?? request.Model,
            Usage = UsageEstimator.Create(estimator.CountPrompt(request, call.CancellationToken), call.StreamedCompletionTokens),
        };
    }
}
