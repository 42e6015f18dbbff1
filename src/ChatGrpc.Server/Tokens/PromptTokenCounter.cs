using ChatGrpc.V1;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.Tokens;

/// <summary>
/// Counts a conversation's prompt tokens the way OpenAI's cookbook does for gpt-4o
/// ("How to count tokens with tiktoken"): every message costs 3 tokens of framing plus the tokens of its
/// role and of each of its text values; a name costs its tokens plus 1; the reply is primed with 3 more.
/// </summary>
/// <remarks>
/// Only text is counted: image, audio and file parts, and the tool definitions of the request, have
/// no tokens here (OpenAI bills them by rules that need the image or its own tool-rendering format).
/// </remarks>
internal sealed class PromptTokenCounter
{
    private const int TokensPerMessage = 3;
    private const int TokensPerName = 1;
    private const int ReplyPrimingTokens = 3;

    private readonly SegmentedTokenizer _tokenizer;
    private readonly Lazy<int[]> _roleTokens;

    public PromptTokenCounter(SegmentedTokenizer tokenizer)
    {
        _tokenizer = tokenizer;

        // The role is sent as its name ("user", "assistant"...), counted once rather than per message, at the first
        // count: counting here would load the tokenizer with the process.
        _roleTokens = new Lazy<int[]>(() =>
        {
            var roleTokens = new int[(int)ChatMessage.RoleOneofCase.Function + 1];
            roleTokens[(int)ChatMessage.RoleOneofCase.Developer] = tokenizer.CountTokens("developer", CancellationToken.None);
            roleTokens[(int)ChatMessage.RoleOneofCase.System] = tokenizer.CountTokens("system", CancellationToken.None);
            roleTokens[(int)ChatMessage.RoleOneofCase.User] = tokenizer.CountTokens("user", CancellationToken.None);
            roleTokens[(int)ChatMessage.RoleOneofCase.Assistant] = tokenizer.CountTokens("assistant", CancellationToken.None);
            roleTokens[(int)ChatMessage.RoleOneofCase.Tool] = tokenizer.CountTokens("tool", CancellationToken.None);
            roleTokens[(int)ChatMessage.RoleOneofCase.Function] = tokenizer.CountTokens("function", CancellationToken.None);
            return roleTokens;
        });
    }

    /// <param name="messages">The conversation.</param>
    /// <param name="cancellationToken">Checked between the bounded segments each text is counted in.</param>
    public int Count(RepeatedField<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var tokens = ReplyPrimingTokens;
        var roleTokens = _roleTokens.Value;
        foreach (var message in messages)
        {
            tokens += TokensPerMessage + roleTokens[(int)message.RoleCase] + CountMessageValues(message, cancellationToken);
        }

        return tokens;
    }

    private int CountMessageValues(ChatMessage message, CancellationToken cancellationToken) => message.RoleCase switch
    {
        ChatMessage.RoleOneofCase.Developer => Count(message.Developer.Content, cancellationToken) + CountName(message.Developer.HasName, message.Developer.Name, cancellationToken),
        ChatMessage.RoleOneofCase.System => Count(message.System.Content, cancellationToken) + CountName(message.System.HasName, message.System.Name, cancellationToken),
        ChatMessage.RoleOneofCase.User => Count(message.User.Content, cancellationToken) + CountName(message.User.HasName, message.User.Name, cancellationToken),
        ChatMessage.RoleOneofCase.Assistant => Count(message.Assistant, cancellationToken),
        ChatMessage.RoleOneofCase.Tool => Count(message.Tool.Content, cancellationToken),
        ChatMessage.RoleOneofCase.Function => Count(message.Function.Content, cancellationToken) + CountName(message.Function.HasName, message.Function.Name, cancellationToken),
        _ => 0,
    };

    private int Count(AssistantMessage assistant, CancellationToken cancellationToken)
    {
        var tokens = CountName(assistant.HasName, assistant.Name, cancellationToken) + Count(assistant.Refusal, cancellationToken);
        if (assistant.Content is { } content)
        {
            tokens += content.ContentCase switch
            {
                AssistantContent.ContentOneofCase.Text => Count(content.Text, cancellationToken),
                AssistantContent.ContentOneofCase.Parts => Count(content.Parts, cancellationToken),
                _ => 0,
            };
        }

        foreach (var toolCall in assistant.ToolCalls)
        {
            tokens += toolCall.TypeCase switch
            {
                ToolCall.TypeOneofCase.Function => Count(toolCall.Function, cancellationToken),
                ToolCall.TypeOneofCase.Custom => Count(toolCall.Custom.Name, cancellationToken) + Count(toolCall.Custom.Input, cancellationToken),
                _ => 0,
            };
        }

        if (assistant.FunctionCall is { } functionCall)
        {
            tokens += Count(functionCall, cancellationToken);
        }

        return tokens;
    }

    private int Count(AssistantContentParts parts, CancellationToken cancellationToken)
    {
        var tokens = 0;
        foreach (var part in parts.Parts)
        {
            tokens += part.TypeCase switch
            {
                AssistantContentPart.TypeOneofCase.Text => Count(part.Text, cancellationToken),
                AssistantContentPart.TypeOneofCase.Refusal => Count(part.Refusal, cancellationToken),
                _ => 0,
            };
        }

        return tokens;
    }

    private int Count(FunctionCall call, CancellationToken cancellationToken)
        => Count(call.Name, cancellationToken) + Count(call.Arguments, cancellationToken);

    private int Count(TextContent? content, CancellationToken cancellationToken)
    {
        switch (content?.ContentCase)
        {
            case TextContent.ContentOneofCase.Text:
                return Count(content.Text, cancellationToken);
            case TextContent.ContentOneofCase.Parts:
                var tokens = 0;
                foreach (var part in content.Parts.Parts)
                {
                    tokens += Count(part.Text, cancellationToken);
                }

                return tokens;
            default:
                return 0;
        }
    }

    private int Count(UserContent? content, CancellationToken cancellationToken)
    {
        switch (content?.ContentCase)
        {
            case UserContent.ContentOneofCase.Text:
                return Count(content.Text, cancellationToken);
            case UserContent.ContentOneofCase.Parts:
                var tokens = 0;
                foreach (var part in content.Parts.Parts)
                {
                    if (part.TypeCase == UserContentPart.TypeOneofCase.Text)
                    {
                        tokens += Count(part.Text, cancellationToken);
                    }
                }

                return tokens;
            default:
                return 0;
        }
    }

    private int CountName(bool hasName, string name, CancellationToken cancellationToken)
        => hasName ? Count(name, cancellationToken) + TokensPerName : 0;

    private int Count(string text, CancellationToken cancellationToken)
        => text.Length == 0 ? 0 : _tokenizer.CountTokens(text, cancellationToken);
}
