using ChatGrpc.Server.Tokens;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Providers.Development;

/// <summary>
/// The development model's answer to one request: text or a function call, why it ends, and its
/// tokens. The model is deterministic, so every one of the <c>n</c> choices carries this same answer.
/// </summary>
internal sealed class DevelopmentAnswer
{
    private DevelopmentAnswer(TokenizedText? content, DevelopmentFunctionCall? functionCall, FinishReason finishReason, int promptTokens, int completionTokensPerChoice, TokenizedText? reasoning)
    {
        Content = content;
        Reasoning = reasoning;
        FunctionCall = functionCall;
        FinishReason = finishReason;
        PromptTokens = promptTokens;
        CompletionTokensPerChoice = completionTokensPerChoice + (reasoning?.TokenCount ?? 0);
    }

    /// <summary>The reasoning shown before the answer, when the request set <c>reasoning_effort</c>; else null.</summary>
    public TokenizedText? Reasoning { get; }

    /// <summary>The text answer; null when the answer is a function call.</summary>
    public TokenizedText? Content { get; }

    /// <summary>The function call answered instead of text; null for a text answer.</summary>
    public DevelopmentFunctionCall? FunctionCall { get; }

    public FinishReason FinishReason { get; }

    public int PromptTokens { get; }

    public int CompletionTokensPerChoice { get; }

    public static DevelopmentAnswer Text(TokenizedText content, FinishReason finishReason, int promptTokens, TokenizedText? reasoning)
        => new(content, null, finishReason, promptTokens, content.TokenCount, reasoning);

    public static DevelopmentAnswer Call(DevelopmentFunctionCall call, int nameTokens, int promptTokens, TokenizedText? reasoning)
        => new(
            null,
            call,
            call.IsDeprecatedFunctionCall ? FinishReason.FunctionCall : FinishReason.ToolCalls,
            promptTokens,
            nameTokens + call.Arguments.TokenCount,
            reasoning);

    public ChatCompletionMessage CreateMessage()
    {
        var message = new ChatCompletionMessage();
        if (Reasoning is not null)
        {
            message.ReasoningContent = Reasoning.Text;
        }

        if (Content is not null)
        {
            message.Content = Content.Text;
        }
        else if (FunctionCall is { IsDeprecatedFunctionCall: true } deprecatedCall)
        {
            message.FunctionCall = new FunctionCall { Name = deprecatedCall.Name, Arguments = deprecatedCall.Arguments.Text };
        }
        else if (FunctionCall is { } call)
        {
            message.ToolCalls.Add(new ToolCall
            {
                Id = call.Id,
                Function = new FunctionCall { Name = call.Name, Arguments = call.Arguments.Text },
            });
        }

        return message;
    }

    /// <summary>The usage of the whole request: every choice's completion tokens count.</summary>
    public Usage CreateUsage(int choiceCount)
    {
        var completionTokens = CompletionTokensPerChoice * choiceCount;
        return new Usage
        {
            PromptTokens = PromptTokens,
            CompletionTokens = completionTokens,
            TotalTokens = PromptTokens + completionTokens,

            // OpenAI always sends the breakdowns; this model caches nothing and hears no audio.
            PromptTokensDetails = new PromptTokensDetails(),
            CompletionTokensDetails = new CompletionTokensDetails { ReasoningTokens = (Reasoning?.TokenCount ?? 0) * choiceCount },
        };
    }
}
