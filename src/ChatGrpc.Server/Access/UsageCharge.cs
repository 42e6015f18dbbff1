using ChatGrpc.Server.Providers;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Access;

/// <summary>
/// What one call was charged in advance, settled with what it really used when it ends: the usage the answer reports,
/// or, for a stream that ended early, the prompt's estimate plus the tokens of every delta the caller was sent.
/// </summary>
internal sealed class UsageCharge(IUsageStore store, UsageReservation reservation, long promptTokens, bool countsTokens)
{
    private long? _reported;
    private long _streamedTokens;

    /// <summary>Whether the call's tokens count against a limit (else only its request does, and nothing is settled).</summary>
    public bool CountsTokens => countsTokens;

    /// <summary>The usage an answer or a stream's usage chunk reported.</summary>
    public void Report(Usage? usage)
    {
        if (usage is not null)
        {
            _reported = usage.TotalTokens > 0 ? usage.TotalTokens : usage.PromptTokens + usage.CompletionTokens;
        }
    }

    /// <summary>Counts what a streamed chunk carried, for a stream that ends before its usage is known.</summary>
    public void Streamed(ChatCompletionChunk chunk, UsageEstimator estimator, CancellationToken cancellationToken)
    {
        if (!countsTokens || _reported is not null)
        {
            return;
        }

        foreach (var choice in chunk.Choices)
        {
            _streamedTokens += estimator.CountDelta(choice.Delta, cancellationToken);
        }
    }

    /// <summary>Replaces the estimate with the real usage; a call that produced nothing is charged nothing.</summary>
    public ValueTask SettleAsync(bool produced, CancellationToken cancellationToken)
    {
        if (!countsTokens)
        {
            return ValueTask.CompletedTask;
        }

        var used = _reported ?? (produced ? promptTokens + _streamedTokens : 0);
        return store.SettleAsync(reservation, used, cancellationToken);
    }
}
