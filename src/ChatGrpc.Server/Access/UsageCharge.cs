using ChatGrpc.V1;

namespace ChatGrpc.Server.Access;

/// <summary>
/// What one call was charged in advance, settled with what it really used when it ends: the usage the answer reports,
/// or, for a stream that ended early, the prompt's estimate plus the tokens of every delta the caller was sent (counted by
/// routing, since the pipeline asks for the stream's usage whenever tokens are charged).
/// </summary>
internal sealed class UsageCharge(IUsageStore store, UsageReservation reservation, long promptTokens, bool countsTokens)
{
    private long? _reported;

    /// <summary>What the call really cost, in US dollars, once known (the pipeline prices it before settling).</summary>
    public decimal Cost { get; set; }

    /// <summary>Whether the call's cost counts against a budget.</summary>
    public bool CountsSpend => reservation.Spend > 0 || CountsSpendAlways;

    /// <summary>Set when the user has a budget, even for a call whose estimate was 0 (an unpriced model).</summary>
    public bool CountsSpendAlways { get; init; }

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

    /// <summary>Replaces the estimate with the real usage; a call that produced nothing is charged nothing.</summary>
    /// <param name="streamedTokens">For a stream, the completion tokens of the deltas sent, used when no usage was reported.</param>
    public ValueTask SettleAsync(bool produced, long streamedTokens, CancellationToken cancellationToken)
    {
        if (!countsTokens && !CountsSpend)
        {
            return ValueTask.CompletedTask;
        }

        var used = countsTokens ? _reported ?? (produced ? promptTokens + streamedTokens : 0) : reservation.Tokens;
        var spent = CountsSpend ? Spend.Nanodollars(Cost) : reservation.Spend;
        return store.SettleAsync(reservation, used, spent, cancellationToken);
    }
}
