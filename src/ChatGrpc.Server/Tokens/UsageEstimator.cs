using ChatGrpc.V1;
using Microsoft.ML.Tokenizers;

namespace ChatGrpc.Server.Tokens;

/// <summary>
/// Counts the tokens of an answer whose upstream reported none, with the development model's o200k_base tokenizer
/// (gpt-4o's): exact for OpenAI's current models, an estimate for others, which is why callers are told so.
/// </summary>
internal sealed class UsageEstimator
{
    private readonly SegmentedTokenizer _tokenizer;
    private readonly PromptTokenCounter _prompt;

    public UsageEstimator()
        : this(GatewayTokenizer.Loader)
    {
    }

    /// <param name="loader">The tokenizer, loaded at the first count (tests watch when that happens).</param>
    internal UsageEstimator(Lazy<Tokenizer> loader)
    {
        _tokenizer = new SegmentedTokenizer(loader);
        _prompt = new PromptTokenCounter(_tokenizer);
    }

    public int CountPrompt(CreateChatCompletionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _prompt.Count(request.Messages, cancellationToken);
    }

    public int CountText(string? text, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(text) ? 0 : _tokenizer.CountTokens(text, cancellationToken);

    /// <summary>The usage of a whole answer: the prompt once, and every choice's message.</summary>
    public Usage Estimate(CreateChatCompletionRequest request, ChatCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var completionTokens = 0;
        foreach (var choice in completion.Choices)
        {
            var message = choice.Message;
            if (message is null)
            {
                continue;
            }

            completionTokens += CountText(message.Content, cancellationToken) + CountText(message.Refusal, cancellationToken);
            foreach (var call in message.ToolCalls)
            {
                completionTokens += CountText(call.Function?.Name, cancellationToken) + CountText(call.Function?.Arguments, cancellationToken)
                    + CountText(call.Custom?.Name, cancellationToken) + CountText(call.Custom?.Input, cancellationToken);
            }

            if (message.FunctionCall is { } function)
            {
                completionTokens += CountText(function.Name, cancellationToken) + CountText(function.Arguments, cancellationToken);
            }
        }

        return Create(CountPrompt(request, cancellationToken), completionTokens);
    }

    public static Usage Create(int promptTokens, int completionTokens) =>
        new() { PromptTokens = promptTokens, CompletionTokens = completionTokens, TotalTokens = promptTokens + completionTokens };
}
