using ChatGrpc.V1;
using Google.Protobuf.Collections;
using Microsoft.ML.Tokenizers;

namespace ChatGrpc.Server.Providers.Development;

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

    private readonly Tokenizer _tokenizer;
    private readonly int[] _roleTokens;

    public PromptTokenCounter(Tokenizer tokenizer)
    {
        _tokenizer = tokenizer;

        // The role is sent as its name ("user", "assistant"...), counted once here rather than per message.
        _roleTokens = new int[(int)ChatMessage.RoleOneofCase.Function + 1];
        _roleTokens[(int)ChatMessage.RoleOneofCase.Developer] = tokenizer.CountTokens("developer");
        _roleTokens[(int)ChatMessage.RoleOneofCase.System] = tokenizer.CountTokens("system");
        _roleTokens[(int)ChatMessage.RoleOneofCase.User] = tokenizer.CountTokens("user");
        _roleTokens[(int)ChatMessage.RoleOneofCase.Assistant] = tokenizer.CountTokens("assistant");
        _roleTokens[(int)ChatMessage.RoleOneofCase.Tool] = tokenizer.CountTokens("tool");
        _roleTokens[(int)ChatMessage.RoleOneofCase.Function] = tokenizer.CountTokens("function");
    }

    public int Count(RepeatedField<ChatMessage> messages)
    {
        var tokens = ReplyPrimingTokens;
        foreach (var message in messages)
        {
            tokens += TokensPerMessage + _roleTokens[(int)message.RoleCase] + CountMessageValues(message);
        }

        return tokens;
    }

    private int CountMessageValues(ChatMessage message) => message.RoleCase switch
    {
        ChatMessage.RoleOneofCase.Developer => Count(message.Developer.Content) + CountName(message.Developer.HasName, message.Developer.Name),
        ChatMessage.RoleOneofCase.System => Count(message.System.Content) + CountName(message.System.HasName, message.System.Name),
        ChatMessage.RoleOneofCase.User => Count(message.User.Content) + CountName(message.User.HasName, message.User.Name),
        ChatMessage.RoleOneofCase.Assistant => Count(message.Assistant),
        ChatMessage.RoleOneofCase.Tool => Count(message.Tool.Content),
        ChatMessage.RoleOneofCase.Function => Count(message.Function.Content) + CountName(message.Function.HasName, message.Function.Name),
        _ => 0,
    };

    private int Count(AssistantMessage assistant)
    {
        var tokens = CountName(assistant.HasName, assistant.Name) + Count(assistant.Refusal);
        if (assistant.Content is { } content)
        {
            tokens += content.ContentCase switch
            {
                AssistantContent.ContentOneofCase.Text => Count(content.Text),
                AssistantContent.ContentOneofCase.Parts => Count(content.Parts),
                _ => 0,
            };
        }

        foreach (var toolCall in assistant.ToolCalls)
        {
            tokens += toolCall.TypeCase switch
            {
                ToolCall.TypeOneofCase.Function => Count(toolCall.Function),
                ToolCall.TypeOneofCase.Custom => Count(toolCall.Custom.Name) + Count(toolCall.Custom.Input),
                _ => 0,
            };
        }

        if (assistant.FunctionCall is { } functionCall)
        {
            tokens += Count(functionCall);
        }

        return tokens;
    }

    private int Count(AssistantContentParts parts)
    {
        var tokens = 0;
        foreach (var part in parts.Parts)
        {
            tokens += part.TypeCase switch
            {
                AssistantContentPart.TypeOneofCase.Text => Count(part.Text),
                AssistantContentPart.TypeOneofCase.Refusal => Count(part.Refusal),
                _ => 0,
            };
        }

        return tokens;
    }

    private int Count(FunctionCall call) => Count(call.Name) + Count(call.Arguments);

    private int Count(TextContent? content)
    {
        switch (content?.ContentCase)
        {
            case TextContent.ContentOneofCase.Text:
                return Count(content.Text);
            case TextContent.ContentOneofCase.Parts:
                var tokens = 0;
                foreach (var part in content.Parts.Parts)
                {
                    tokens += Count(part.Text);
                }

                return tokens;
            default:
                return 0;
        }
    }

    private int Count(UserContent? content)
    {
        switch (content?.ContentCase)
        {
            case UserContent.ContentOneofCase.Text:
                return Count(content.Text);
            case UserContent.ContentOneofCase.Parts:
                var tokens = 0;
                foreach (var part in content.Parts.Parts)
                {
                    if (part.TypeCase == UserContentPart.TypeOneofCase.Text)
                    {
                        tokens += Count(part.Text);
                    }
                }

                return tokens;
            default:
                return 0;
        }
    }

    private int CountName(bool hasName, string name) => hasName ? Count(name) + TokensPerName : 0;

    private int Count(string text) => text.Length == 0 ? 0 : _tokenizer.CountTokens(text);
}
