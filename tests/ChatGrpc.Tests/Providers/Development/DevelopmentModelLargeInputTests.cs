using System.Text;
using ChatGrpc.Server.Tokens;
using ChatGrpc.V1;
using static ChatGrpc.Tests.Providers.Development.DevelopmentModelRequests;

namespace ChatGrpc.Tests.Providers.Development;

/// <summary>
/// Huge prompts cost the development model time linear in their length, and a cancelled request stops
/// counting them. The timeouts only keep a regression from hanging the run; no test asserts a duration.
/// </summary>
public sealed class DevelopmentModelLargeInputTests
{
    // One pre-token of three million characters: the tokenizer's own merge never finishes on it.
    private static readonly string s_hugeWord = new('x', 3_000_000);

    // Generous: a run of the whole suite on 2 busy cores once took longer than 20 s for a word that takes 2 s alone.
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(60);

    private static readonly string s_cappedReply = Introduction + " You said: " + new string('x', 2000) + "…";

    // o200k_base encodes a run of 'x' eight letters a token, and the segments are multiples of eight.
    private static readonly int s_hugeWordPromptTokens = SingleUserMessagePromptTokens(string.Empty) + (s_hugeWord.Length / 8);

    // The echoed " xxx…" is one pre-token longer than a segment, so it counts as its slices: the text
    // before it, then its first segment's worth of characters, then the rest.
    private static readonly int s_cappedReplyTokens = CountInSlices(s_cappedReply, s_cappedReply.IndexOf(" x", StringComparison.Ordinal), SegmentedTokenizer.MaxSegmentLength);

    [Fact]
    public async Task HugeWord_CompletesWithCappedEcho()
    {
        using var guard = new CancellationTokenSource(s_guard);

        var completion = await Task.Run(() => Provider().CompleteAsync(UserRequest(s_hugeWord), guard.Token), guard.Token);

        Assert.Equal(
            new ChatCompletionChoice { Index = 0, Message = new ChatCompletionMessage { Content = s_cappedReply }, FinishReason = FinishReason.Stop },
            Assert.Single(completion.Choices));
        Assert.Equal(Usage(s_hugeWordPromptTokens, s_cappedReplyTokens), completion.Usage);
    }

    [Fact]
    public async Task HugeWord_StreamsCappedEchoTokenByToken()
    {
        using var guard = new CancellationTokenSource(s_guard);
        var request = UserRequest(s_hugeWord);
        request.StreamOptions = new StreamOptions { IncludeUsage = true };

        var chunks = await Task.Run(() => CollectAsync(Provider().StreamAsync(request, guard.Token)), guard.Token);

        var content = new StringBuilder();
        foreach (var chunk in chunks[..^1])
        {
            content.Append(Assert.Single(chunk.Choices).Delta.Content);
        }

        Assert.Equal(s_cappedReply, content.ToString());
        Assert.Equal(s_cappedReplyTokens + 3, chunks.Count);
        Assert.Equal(Usage(s_hugeWordPromptTokens, s_cappedReplyTokens), chunks[^1].Usage);
    }

    [Fact]
    public async Task HugeWordWithCancelledToken_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Provider().CompleteAsync(UserRequest(s_hugeWord), cancellation.Token))
            .WaitAsync(s_guard);
    }

    // Many huge messages take seconds to count; cancelled a moment in, the count stops rather than finishing.
    [Fact]
    public async Task CancelledWhileCountingPrompt_CompleteAsyncThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var completion = Task.Run(() => Provider().CompleteAsync(ManyHugeMessages(), cancellation.Token), CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => completion).WaitAsync(s_guard);
    }

    [Fact]
    public async Task CancelledWhileCountingPrompt_StreamThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var stream = Task.Run(() => CollectAsync(Provider().StreamAsync(ManyHugeMessages(), cancellation.Token)), CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream).WaitAsync(s_guard);
    }

    [Fact]
    public async Task OrdinaryLongPrompt_CountsExactlyAsTheTokenizerDoes()
    {
        var completion = await Provider().CompleteAsync(UserRequest(OrdinaryTexts.Document), CancellationToken.None);

        Assert.Equal(SingleUserMessagePromptTokens(OrdinaryTexts.Document), completion.Usage.PromptTokens);
    }

    private static int CountInSlices(string text, int sliceStart, int sliceLength)
        => Tokenizer.CountTokens(text[..sliceStart])
            + Tokenizer.CountTokens(text.AsSpan(sliceStart, sliceLength))
            + Tokenizer.CountTokens(text[(sliceStart + sliceLength)..]);

    // Forty references to one string: half a minute of counting without cancellation, little memory.
    private static CreateChatCompletionRequest ManyHugeMessages()
        => Request([.. Enumerable.Repeat(s_hugeWord, 40).Select(text => User(text))]);
}
