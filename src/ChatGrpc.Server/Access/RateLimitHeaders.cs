using System.Globalization;

namespace ChatGrpc.Server.Access;

/// <summary>
/// OpenAI's rate-limit headers, on every answer of a user with limits (refusals included): <c>x-ratelimit-limit-*</c>,
/// <c>x-ratelimit-remaining-*</c> and <c>x-ratelimit-reset-*</c> for <c>requests</c> (per minute) and <c>tokens</c>
/// (per minute; per day for a user whose only token limit is daily); and for budgets, in US dollars,
/// <c>x-ratelimit-{limit,remaining,reset}-spend-day</c> and <c>-spend-month</c>. Resets are written as OpenAI does (<c>6m0s</c>,
/// <c>1.5s</c>, <c>20ms</c>): how long until the window is empty again. Over gRPC they are response metadata.
/// </summary>
internal static class RateLimitHeaders
{
    public const string LimitRequests = "x-ratelimit-limit-requests";
    public const string RemainingRequests = "x-ratelimit-remaining-requests";
    public const string ResetRequests = "x-ratelimit-reset-requests";
    public const string LimitTokens = "x-ratelimit-limit-tokens";
    public const string RemainingTokens = "x-ratelimit-remaining-tokens";
    public const string ResetTokens = "x-ratelimit-reset-tokens";
    public const string LimitSpendDay = "x-ratelimit-limit-spend-day";
    public const string RemainingSpendDay = "x-ratelimit-remaining-spend-day";
    public const string ResetSpendDay = "x-ratelimit-reset-spend-day";
    public const string LimitSpendMonth = "x-ratelimit-limit-spend-month";
    public const string RemainingSpendMonth = "x-ratelimit-remaining-spend-month";
    public const string ResetSpendMonth = "x-ratelimit-reset-spend-month";

    public static void Write(IHeaderDictionary headers, UsageLimits limits, in UsageDecision decision)
    {
        if (limits.RequestsPerMinute is { } requests)
        {
            headers[LimitRequests] = Number(requests);
            headers[RemainingRequests] = Number(Math.Max(0, requests - decision.RequestsUsed));
            headers[ResetRequests] = Duration(decision.RequestsReset);
        }

        if (limits.TokensPerMinute is { } tokens)
        {
            headers[LimitTokens] = Number(tokens);
            headers[RemainingTokens] = Number(Math.Max(0, tokens - decision.TokensUsed));
            headers[ResetTokens] = Duration(decision.TokensReset);
        }
        else if (limits.TokensPerDay is { } dayTokens)
        {
            headers[LimitTokens] = Number(dayTokens);
            headers[RemainingTokens] = Number(Math.Max(0, dayTokens - decision.DayTokensUsed));
            headers[ResetTokens] = Duration(decision.DayReset);
        }

        // Budgets, in US dollars: what is left counts the estimates of calls in flight, as the budget's check does.
        if (limits.SpendPerDay is { } daySpend)
        {
            headers[LimitSpendDay] = Dollars(Spend.Dollars(daySpend));
            headers[RemainingSpendDay] = Dollars(Spend.Dollars(Math.Max(0, daySpend - decision.DaySpendUsed)));
            headers[ResetSpendDay] = Duration(decision.DayReset);
        }

        if (limits.SpendPerMonth is { } monthSpend)
        {
            headers[LimitSpendMonth] = Dollars(Spend.Dollars(monthSpend));
            headers[RemainingSpendMonth] = Dollars(Spend.Dollars(Math.Max(0, monthSpend - decision.MonthSpendUsed)));
            headers[ResetSpendMonth] = Duration(decision.MonthReset);
        }
    }

    /// <summary>US dollars as the headers and messages write them: invariant digits, no exponent, no trailing zeros.</summary>
    public static string Dollars(decimal dollars) => dollars.ToString("0.#########", CultureInfo.InvariantCulture);

    /// <summary>Go's duration notation, as OpenAI writes it: <c>20ms</c>, <c>1.5s</c>, <c>6m0s</c>, <c>23h59m59s</c>.</summary>
    public static string Duration(TimeSpan duration)
    {
        var milliseconds = Math.Max(0, (long)Math.Ceiling(duration.TotalMilliseconds));
        if (milliseconds < 1000)
        {
            return milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var hours = milliseconds / 3_600_000;
        var minutes = milliseconds / 60_000 % 60;
        var seconds = milliseconds % 60_000 / 1000m;
        var text = seconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
        if (hours > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{hours}h{minutes}m{text}");
        }

        return minutes > 0 ? string.Create(CultureInfo.InvariantCulture, $"{minutes}m{text}") : text;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
