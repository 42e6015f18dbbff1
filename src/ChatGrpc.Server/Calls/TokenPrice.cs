using ChatGrpc.V1;

namespace ChatGrpc.Server.Calls;

/// <summary>
/// The price of the deployment that served a call, in US dollars per million tokens, and what a call's usage costs at
/// it. Prompt tokens include the cached ones (OpenAI's counting, which every provider's answer is translated to), so
/// the cached part is taken out of the prompt and charged at its own price.
/// </summary>
internal readonly record struct TokenPrice(decimal InputPerMillionTokens, decimal OutputPerMillionTokens, decimal CachedInputPerMillionTokens)
{
    private const decimal Million = 1_000_000m;

    public decimal CostOf(long promptTokens, long cachedPromptTokens, long completionTokens)
    {
        var cached = Math.Clamp(cachedPromptTokens, 0, Math.Max(0, promptTokens));
        return (((Math.Max(0, promptTokens) - cached) * InputPerMillionTokens)
            + (cached * CachedInputPerMillionTokens)
            + (Math.Max(0, completionTokens) * OutputPerMillionTokens)) / Million;
    }

    public decimal CostOf(Usage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return CostOf(usage.PromptTokens, usage.PromptTokensDetails?.CachedTokens ?? 0, usage.CompletionTokens);
    }
}
