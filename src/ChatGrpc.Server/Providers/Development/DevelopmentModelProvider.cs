using System.Runtime.CompilerServices;
using ChatGrpc.Server.Tokens;
using ChatGrpc.V1;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Providers.Development;

/// <summary>
/// The embedded development model: answers every request deterministically, with no network and no
/// download, so that a fresh checkout serves real requests. Its text reply introduces itself and echoes
/// the last user message (at most its first 2,000 characters); when the request forces a function call it calls it with arguments that
/// satisfy the function's JSON Schema; it honours <c>response_format</c> (a JSON object, or an instance of the
/// schema), shows reasoning when <c>reasoning_effort</c> is set, and gives deterministic logprobs. Token usage is counted with gpt-4o's tokenizer (o200k_base), in
/// bounded segments so that a huge prompt costs linear time and cancellation is heeded.
/// </summary>
internal sealed class DevelopmentModelProvider : IChatCompletionProvider
{
    public const string ModelId = "chatgrpc-dev";

    private const string CompletionIdPrefix = "chatcmpl-";

    private static readonly TimeSpan s_longestDelay = DevelopmentModelOptions.MaxTokenDelay;

    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _tokenDelay;
    private readonly DevelopmentAnswerComposer _composer;

    public DevelopmentModelProvider(TimeProvider timeProvider, IOptions<DevelopmentModelOptions> options)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider;
        // Not clamped: a delay out of range stops start-up (DevelopmentModelOptionsValidator).
        _tokenDelay = options.Value.TokenDelay;
        _composer = new DevelopmentAnswerComposer(GatewayTokenizer.Loader);
    }

    /// <inheritdoc/>
    /// <remarks>With a token delay, the answer takes as long as streaming one choice would.</remarks>
    public async Task<ChatCompletion> CompleteAsync(CreateChatCompletionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var answer = _composer.Compose(request, keepTokens: false, cancellationToken);
        if (_tokenDelay > TimeSpan.Zero)
        {
            var tokens = answer.CompletionTokensPerChoice;
            var generationTime = tokens >= s_longestDelay / _tokenDelay ? s_longestDelay : _tokenDelay * tokens;
            await Task.Delay(generationTime, _timeProvider, cancellationToken).ConfigureAwait(false);
        }

        var choiceCount = ChoiceCount(request);
        var logprobs = WantsLogprobs(request)
            ? DevelopmentLogprobs.For(answer.Content?.SplitIntoTokenPieces() ?? [], TopLogprobs(request))
            : null;
        var completion = new ChatCompletion
        {
            Id = NewCompletionId(),
            Created = _timeProvider.GetUtcNow().ToUnixTimeSeconds(),
            Model = ModelId,
            Usage = answer.CreateUsage(choiceCount),
        };
        for (var index = 0; index < choiceCount; index++)
        {
            completion.Choices.Add(new ChatCompletionChoice
            {
                Index = index,
                Message = answer.CreateMessage(),
                FinishReason = answer.FinishReason,
                Logprobs = logprobs?.Clone(),
            });
        }

        return completion;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The choices stream one after the other: for each, a delta with the role (and "" content, or the
    /// tool call's id and name), one delta per token of the content or of the arguments, and an empty
    /// delta with the finish reason.
    /// </remarks>
    public async IAsyncEnumerable<ChatCompletionChunk> StreamAsync(
        CreateChatCompletionRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var answer = _composer.Compose(request, keepTokens: true, cancellationToken);
        var id = NewCompletionId();
        var created = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var choiceCount = ChoiceCount(request);

        // Split once, streamed for every choice.
        var pieces = (answer.Content ?? answer.FunctionCall!.Arguments).SplitIntoTokenPieces();
        var reasoningPieces = answer.Reasoning?.SplitIntoTokenPieces() ?? [];
        var wantsLogprobs = WantsLogprobs(request) && answer.Content is not null;
        var topLogprobs = TopLogprobs(request);
        for (var index = 0; index < choiceCount; index++)
        {
            yield return Chunk(id, created, index, FirstDelta(answer));
            foreach (var piece in reasoningPieces)
            {
                if (_tokenDelay > TimeSpan.Zero)
                {
                    await Task.Delay(_tokenDelay, _timeProvider, cancellationToken).ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();
                yield return Chunk(id, created, index, new ChatCompletionDelta { ReasoningContent = piece });
            }

            for (var position = 0; position < pieces.Count; position++)
            {
                var piece = pieces[position];
                if (_tokenDelay > TimeSpan.Zero)
                {
                    await Task.Delay(_tokenDelay, _timeProvider, cancellationToken).ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();
                var chunk = Chunk(id, created, index, PieceDelta(answer, piece));
                if (wantsLogprobs)
                {
                    chunk.Choices[0].Logprobs = new ChoiceLogprobs { Content = { DevelopmentLogprobs.Token(piece, position, topLogprobs) } };
                }

                yield return chunk;
            }

            cancellationToken.ThrowIfCancellationRequested();
            yield return Chunk(id, created, index, new ChatCompletionDelta(), answer.FinishReason);
        }

        if (request.StreamOptions is { IncludeUsage: true })
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatCompletionChunk { Id = id, Created = created, Model = ModelId, Usage = answer.CreateUsage(choiceCount) };
        }
    }

    private static ChatCompletionDelta FirstDelta(DevelopmentAnswer answer)
    {
        var delta = new ChatCompletionDelta { Role = ChatRole.Assistant };
        switch (answer.FunctionCall)
        {
            case null:
                delta.Content = string.Empty;
                break;
            case { IsDeprecatedFunctionCall: true } deprecatedCall:
                delta.FunctionCall = new FunctionCallDelta { Name = deprecatedCall.Name, Arguments = string.Empty };
                break;
            case { } call:
                delta.ToolCalls.Add(new ToolCallDelta
                {
                    Index = 0,
                    Id = call.Id,
                    Function = new FunctionCallDelta { Name = call.Name, Arguments = string.Empty },
                });
                break;
        }

        return delta;
    }

    private static ChatCompletionDelta PieceDelta(DevelopmentAnswer answer, string piece) => answer.FunctionCall switch
    {
        null => new ChatCompletionDelta { Content = piece },
        { IsDeprecatedFunctionCall: true } => new ChatCompletionDelta { FunctionCall = new FunctionCallDelta { Arguments = piece } },
        _ => new ChatCompletionDelta { ToolCalls = { new ToolCallDelta { Index = 0, Function = new FunctionCallDelta { Arguments = piece } } } },
    };

    private static ChatCompletionChunk Chunk(string id, long created, int index, ChatCompletionDelta delta, FinishReason finishReason = FinishReason.Unspecified)
        => new()
        {
            Id = id,
            Created = created,
            Model = ModelId,
            Choices = { new ChatCompletionChunkChoice { Index = index, Delta = delta, FinishReason = finishReason } },
        };

    private static int ChoiceCount(CreateChatCompletionRequest request) => request.HasN ? (int)request.N : 1;

    private static bool WantsLogprobs(CreateChatCompletionRequest request) => request is { HasLogprobs: true, Logprobs: true };

    private static int TopLogprobs(CreateChatCompletionRequest request) => request.HasTopLogprobs ? (int)request.TopLogprobs : 0;

    private static string NewCompletionId()
        => string.Create(CompletionIdPrefix.Length + 32, Guid.NewGuid(), static (destination, guid) =>
        {
            CompletionIdPrefix.CopyTo(destination);
            guid.TryFormat(destination[CompletionIdPrefix.Length..], out _, "N");
        });
}
