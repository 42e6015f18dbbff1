using System.Globalization;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Configuration;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Telemetry;
using ChatGrpc.Server.Tokens;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Access;

/// <summary>
/// The pipeline's access step: whether the caller may use a model, and its limits, checked and counted before any
/// upstream is called. A call within its limits gets a <see cref="UsageCharge"/>, settled with the real usage when it
/// ends; every answer of a user with limits carries the rate-limit headers (<see cref="RateLimitHeaders"/>).
/// </summary>
internal sealed class AccessGate(ReloadingSettings<AccessOptions, AccessPolicy> policy, IUsageStore store, UsageEstimator estimator)
{
    public UserAccess For(string user) => policy.Current.For(user);

    /// <exception cref="ChatCompletionException">403: the caller may not use <paramref name="model"/>.</exception>
    public void EnsureMayCall(CallContext call, string model)
    {
        ArgumentNullException.ThrowIfNull(call);
        EnsureMayCall(call, For(call.User), model);
    }

    private static void EnsureMayCall(CallContext call, UserAccess access, string model)
    {
        if (!access.MayCall(model))
        {
            throw new ChatCompletionException(ChatErrorKind.PermissionDenied, $"The user '{call.User}' may not use the model '{ModelNames.Shown(model)}'.")
            {
                Param = "model",
                Code = "model_not_allowed",
            };
        }
    }

    /// <summary>Lets the call use its model, then counts it against the caller's limits and budgets; null when it has none.</summary>
    /// <param name="price">The highest price the call may be served at, for the cost it reserves against a budget; null: unpriced.</param>
    /// <exception cref="ChatCompletionException">403: the model is not the caller's; 429: a limit or budget refuses the call; 503: the limits cannot be checked.</exception>
    public async ValueTask<UsageCharge?> AdmitAsync(CallContext call, CreateChatCompletionRequest request, TokenPrice? price = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        // One version of the settings for the whole decision, whatever a reload does meanwhile.
        var current = policy.Current;
        var access = current.For(call.User);
        EnsureMayCall(call, access, request.Model);
        var limits = access.Limits;
        if (!limits.Any)
        {
            return null;
        }

        long promptTokens = 0;
        long tokens = 0;
        long spend = 0;
        if (limits.CountsTokens || (limits.CountsSpend && price is not null))
        {
            promptTokens = estimator.CountPrompt(request, call.CancellationToken);
            var completionTokens = (request.HasMaxCompletionTokens ? request.MaxCompletionTokens
                : request.HasMaxTokens ? request.MaxTokens
                : current.DefaultCompletionTokenReservation) * (long)Math.Max(1, request.HasN ? request.N : 1);
            if (limits.CountsTokens)
            {
                tokens = promptTokens + completionTokens;
                RefuseIfNeverFits(call.User, tokens, limits);
            }

            if (limits.CountsSpend && price is { } known)
            {
                // The prompt at the full input price and the whole completion cap: what the call can cost at most.
                spend = Spend.Nanodollars(known.CostOf(promptTokens, 0, completionTokens));
            }
        }

        var decision = await store.ReserveAsync(call.User, limits, tokens, spend, call.CancellationToken).ConfigureAwait(false);
        if (call.HttpHeaders is { } headers)
        {
            RateLimitHeaders.Write(headers, limits, decision);
        }

        if (!decision.Granted)
        {
            throw decision.RefusedBy is LimitKind.SpendPerDay or LimitKind.SpendPerMonth
                ? BudgetRefusal(call.User, limits, decision)
                : Refusal(call.User, limits, decision);
        }

        return new UsageCharge(store, decision.Reservation!, promptTokens, limits.CountsTokens) { CountsSpendAlways = limits.CountsSpend };
    }

    private static ChatCompletionException BudgetRefusal(string user, UsageLimits limits, in UsageDecision decision)
    {
        var daily = decision.RefusedBy == LimitKind.SpendPerDay;
        var budget = Spend.Dollars(daily ? limits.SpendPerDay!.Value : limits.SpendPerMonth!.Value);
        var spent = Spend.Dollars(daily ? decision.DaySpendUsed : decision.MonthSpendUsed);
        var retryAfter = decision.RetryAfter > TimeSpan.Zero ? decision.RetryAfter : TimeSpan.FromSeconds(1);
        var description = string.Create(CultureInfo.InvariantCulture, $"{RateLimitHeaders.Dollars(budget)} USD per {(daily ? "day (UTC)" : "calendar month (UTC)")}");
        return new ChatCompletionException(
            ChatErrorKind.BudgetExhausted,
            string.Create(CultureInfo.InvariantCulture, $"The user '{user}' has reached its budget of {description}: {RateLimitHeaders.Dollars(spent)} USD spent. It resets in {RateLimitHeaders.Duration(retryAfter)}, at the start of the next {(daily ? "UTC day" : "UTC month")}."))
        {
            RetryAfter = retryAfter,
            Quota = new QuotaViolation("user:" + user, "budget of " + description),
        };
    }

    private static void RefuseIfNeverFits(string user, long tokens, UsageLimits limits)
    {
        var limit = Math.Min(limits.TokensPerMinute ?? long.MaxValue, limits.TokensPerDay ?? long.MaxValue);
        if (tokens > limit)
        {
            var per = limit == limits.TokensPerMinute ? "minute" : "day";
            throw new ChatCompletionException(
                ChatErrorKind.RateLimited,
                $"This request needs about {tokens} tokens (its prompt, plus max_completion_tokens or max_tokens for each choice), more than the user '{user}' may use in a {per} ({limit}). Ask for fewer completion tokens.")
            {
                Code = "tokens_exceed_limit",
                Quota = new QuotaViolation("user:" + user, Describe(limit, per == "minute" ? LimitKind.TokensPerMinute : LimitKind.TokensPerDay)),
            };
        }
    }

    private static ChatCompletionException Refusal(string user, UsageLimits limits, in UsageDecision decision)
    {
        var kind = decision.RefusedBy!.Value;
        var limit = kind switch
        {
            LimitKind.RequestsPerMinute => limits.RequestsPerMinute!.Value,
            LimitKind.TokensPerMinute => limits.TokensPerMinute!.Value,
            _ => limits.TokensPerDay!.Value,
        };
        var description = Describe(limit, kind);
        var retryAfter = decision.RetryAfter > TimeSpan.Zero ? decision.RetryAfter : TimeSpan.FromSeconds(1);
        return new ChatCompletionException(
            ChatErrorKind.RateLimited,
            $"Rate limit reached for user '{user}': {description}. Try again in {RateLimitHeaders.Duration(retryAfter)}.")
        {
            RetryAfter = retryAfter,
            Quota = new QuotaViolation("user:" + user, description),
        };
    }

    private static string Describe(long limit, LimitKind kind) => kind switch
    {
        LimitKind.RequestsPerMinute => string.Create(CultureInfo.InvariantCulture, $"{limit} requests per minute"),
        LimitKind.TokensPerMinute => string.Create(CultureInfo.InvariantCulture, $"{limit} tokens per minute"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{limit} tokens per day (UTC)"),
    };
}
