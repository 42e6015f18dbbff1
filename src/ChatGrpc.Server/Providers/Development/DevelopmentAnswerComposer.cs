using System.Security.Cryptography;
using System.Text;
using ChatGrpc.Server.Tokens;
using ChatGrpc.V1;
using Google.Protobuf.Collections;
using Microsoft.ML.Tokenizers;

namespace ChatGrpc.Server.Providers.Development;

/// <summary>
/// Decides the development model's answer to a request: a forced function call, or the reply text cut
/// before the first stop sequence and to the token limit, counted with the tokenizer.
/// </summary>
internal sealed class DevelopmentAnswerComposer
{
    private const string ToolCallIdPrefix = "call_";

    // OpenAI's call ids have 24 characters after the prefix: 12 bytes of hash in hex.
    private const int ToolCallIdHashBytes = 12;

    private readonly SegmentedTokenizer _tokenizer;
    private readonly PromptTokenCounter _promptTokens;

    /// <param name="loader">The tokenizer, loaded at the first answer rather than at start-up.</param>
    public DevelopmentAnswerComposer(Lazy<Tokenizer> loader)
    {
        _tokenizer = new SegmentedTokenizer(loader);
        _promptTokens = new PromptTokenCounter(_tokenizer);
    }

    /// <param name="request">A validated request.</param>
    /// <param name="keepTokens">
    /// Keep the generated text's tokens so that it can be streamed token by token; a unary answer only
    /// counts them and keeps no token list.
    /// </param>
    /// <param name="cancellationToken">Checked between the bounded segments the tokenizer is given.</param>
    public DevelopmentAnswer Compose(CreateChatCompletionRequest request, bool keepTokens, CancellationToken cancellationToken)
    {
        // Logprobs are given per token piece, so the pieces are kept for a unary answer too.
        keepTokens |= request is { HasLogprobs: true, Logprobs: true };
        var promptTokens = _promptTokens.Count(request.Messages, cancellationToken);
        var reasoning = Reasoning(request, keepTokens, cancellationToken);
        if (ForcedFunction.Select(request) is { } forced)
        {
            return ComposeCall(forced, request.Messages.Count, promptTokens, keepTokens, reasoning, cancellationToken);
        }

        var reply = Reply(request);
        var content = Cut(reply, request.Stop, MaxCompletionTokens(request), keepTokens, out var finishReason, cancellationToken);
        return DevelopmentAnswer.Text(content, finishReason, promptTokens, reasoning);
    }

    /// <summary>
    /// The text the model answers with: what <c>response_format</c> asks for (a JSON object holding the reply, or an
    /// instance of the JSON Schema, written as tool arguments are), else the reply itself.
    /// </summary>
    private static string Reply(CreateChatCompletionRequest request) => request.ResponseFormat?.TypeCase switch
    {
        ResponseFormat.TypeOneofCase.JsonObject => "{\"reply\":" + System.Text.Json.JsonSerializer.Serialize(DevelopmentReplyText.For(request.Messages)) + "}",
        ResponseFormat.TypeOneofCase.JsonSchema => JsonSchemaInstanceWriter.CreateArguments(request.ResponseFormat.JsonSchema.Schema),
        _ => DevelopmentReplyText.For(request.Messages),
    };

    /// <summary>
    /// Reasoning shown before the answer when the request sets <c>reasoning_effort</c> (other than none): a fixed
    /// sentence, so that clients reading <c>reasoning_content</c> can be tried offline.
    /// </summary>
    private TokenizedText? Reasoning(CreateChatCompletionRequest request, bool keepTokens, CancellationToken cancellationToken)
    {
        if (!request.HasReasoningEffort || request.ReasoningEffort is ReasoningEffort.None or ReasoningEffort.Unspecified)
        {
            return null;
        }

        var effort = request.ReasoningEffort.ToString().ToLowerInvariant();
        var text = $"Reasoning with {effort} effort: this is chatgrpc-dev, which has nothing to work out; it will introduce itself and repeat the last user message.";
        return keepTokens ? Tokenized(text, cancellationToken) : new TokenizedText(text, _tokenizer.CountTokens(text, cancellationToken), tokens: null);
    }

    private DevelopmentAnswer ComposeCall(ForcedFunction forced, int messageCount, int promptTokens, bool keepTokens, TokenizedText? reasoning, CancellationToken cancellationToken)
    {
        var argumentsText = JsonSchemaInstanceWriter.CreateArguments(forced.Parameters);
        var arguments = keepTokens
            ? Tokenized(argumentsText, cancellationToken)
            : new TokenizedText(argumentsText, _tokenizer.CountTokens(argumentsText, cancellationToken), tokens: null);
        var call = new DevelopmentFunctionCall(ToolCallId(messageCount, forced.Name, argumentsText), forced.Name, arguments, forced.IsDeprecatedFunctionCall);
        return DevelopmentAnswer.Call(call, _tokenizer.CountTokens(forced.Name, cancellationToken), promptTokens, reasoning);
    }

    // A real model stops at whichever comes first, a stop sequence or the token limit; cutting at the stop
    // sequence first and then counting gives the same result, with one pass of the tokenizer.
    private TokenizedText Cut(string reply, RepeatedField<string> stop, int? maxTokens, bool keepTokens, out FinishReason finishReason, CancellationToken cancellationToken)
    {
        var stopIndex = StopIndex(reply, stop);
        var text = stopIndex == reply.Length ? reply : reply[..stopIndex];
        List<EncodedToken>? tokens = null;
        int tokenCount;
        if (keepTokens)
        {
            tokens = _tokenizer.EncodeToTokens(text, cancellationToken);
            tokenCount = tokens.Count;
        }
        else
        {
            tokenCount = _tokenizer.CountTokens(text, cancellationToken);
        }

        finishReason = FinishReason.Stop;
        if (maxTokens is { } limit && tokenCount > limit)
        {
            tokens ??= _tokenizer.EncodeToTokens(text, cancellationToken);
            text = text[..TokenizedText.EndOfFirstTokens(text, tokens, limit)];
            tokenCount = limit;
            finishReason = FinishReason.Length;
        }

        return new TokenizedText(text, tokenCount, tokens);
    }

    private TokenizedText Tokenized(string text, CancellationToken cancellationToken)
    {
        var tokens = _tokenizer.EncodeToTokens(text, cancellationToken);
        return new TokenizedText(text, tokens.Count, tokens);
    }

    private static int StopIndex(string reply, RepeatedField<string> stop)
    {
        var end = reply.Length;
        foreach (var sequence in stop)
        {
            if (sequence.Length == 0)
            {
                continue;
            }

            var index = reply.AsSpan(0, end).IndexOf(sequence, StringComparison.Ordinal);
            if (index >= 0)
            {
                end = index;
            }
        }

        return end;
    }

    private static int? MaxCompletionTokens(CreateChatCompletionRequest request)
    {
        long? limit = request.HasMaxCompletionTokens ? request.MaxCompletionTokens
            : request.HasMaxTokens ? request.MaxTokens
            : null;
        return limit is { } value ? (int)Math.Min(value, int.MaxValue) : null;
    }

    // Deterministic, and different for each turn of a conversation and each call, as a client matching
    // tool results to calls expects.
    private static string ToolCallId(int messageCount, string name, string arguments)
    {
        var seed = Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{messageCount}\n{name}\n{arguments}"));
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(seed, hash);
        return string.Concat(ToolCallIdPrefix, Convert.ToHexStringLower(hash[..ToolCallIdHashBytes]));
    }
}
