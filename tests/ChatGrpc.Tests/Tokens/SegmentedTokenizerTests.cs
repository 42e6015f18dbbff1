using ChatGrpc.Server.Tokens;
using ChatGrpc.Tests.Providers.Development;
using Microsoft.ML.Tokenizers;

namespace ChatGrpc.Tests.Tokens;

public sealed class SegmentedTokenizerTests
{
    private const int MaxLength = SegmentedTokenizer.MaxSegmentLength;

    private static readonly SegmentedTokenizer s_segmented = new(GatewayTokenizer.Loader.Value);

    // The tests' own o200k_base, to compare with the tokenizer used whole.
    private static Tokenizer Direct => DevelopmentModelRequests.Tokenizer;

    [Theory]
    [MemberData(nameof(OrdinaryTexts.All), MemberType = typeof(OrdinaryTexts))]
    public void OrdinaryText_CountsExactlyAsTheTokenizerDoes(string text)
    {
        Assert.True(text.Length > 2 * MaxLength, "the text spans several segments");

        Assert.Equal(Direct.CountTokens(text), s_segmented.CountTokens(text, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(OrdinaryTexts.All), MemberType = typeof(OrdinaryTexts))]
    public void OrdinaryText_EncodesToTheTokenizersTokensWithOffsetsIntoTheWholeText(string text)
    {
        var expected = Direct.EncodeToTokens(text, out _).Select(Describe);

        var tokens = s_segmented.EncodeToTokens(text, CancellationToken.None);

        Assert.Equal(expected, tokens.Select(Describe));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short text")]
    [InlineData("<|endoftext|>")]
    public void ShortText_IsOneSegmentCountedAsTheTokenizerDoes(string text)
    {
        Assert.Equal(text.Length == 0 ? [] : [0..text.Length], s_segmented.Segments(text));
        Assert.Equal(Direct.CountTokens(text), s_segmented.CountTokens(text, CancellationToken.None));
    }

    public static TheoryData<string, string> LongTexts => new()
    {
        { "ordinary document", OrdinaryTexts.Document },
        { "one letter repeated", new string('x', 5 * MaxLength + 7) },
        { "spaces", new string(' ', 3 * MaxLength) },
        { "emoji after one character", "!" + string.Concat(Enumerable.Repeat("😀", 2 * MaxLength)) },
        { "words longer than a segment", string.Join(' ', Enumerable.Repeat(new string('y', MaxLength + 300), 4)) },
    };

    [Theory]
    [MemberData(nameof(LongTexts))]
    public void Segments_CoverTheTextInOrderWithinTheBoundWithoutSplittingSurrogatePairs(string description, string text)
    {
        var segments = s_segmented.Segments(text).ToList();

        Assert.Equal(text, string.Concat(segments.Select(segment => text[segment])));
        Assert.All(segments, segment =>
        {
            var (start, length) = segment.GetOffsetAndLength(text.Length);
            Assert.InRange(length, 1, MaxLength);
            Assert.False(char.IsLowSurrogate(text[start]), description);
        });
    }

    [Fact]
    public void PreTokenLongerThanBound_IsSlicedJustBeforeASurrogatePairItWouldSplit()
    {
        // "!" then emoji: the character at MaxLength - 1 is the first half of an emoji.
        var text = "!" + string.Concat(Enumerable.Repeat("😀", MaxLength));

        var segments = s_segmented.Segments(text).Select(segment => segment.GetOffsetAndLength(text.Length)).ToList();

        Assert.Equal((0, MaxLength - 1), segments[0]);
        Assert.Equal((MaxLength - 1, MaxLength), segments[1]);
    }

    [Fact]
    public void Segments_EndAtWordsAndSliceOnlyWordsLongerThanTheBound()
    {
        var word = new string('y', MaxLength + 300);
        var text = "short words " + word + " end";

        var segments = s_segmented.Segments(text).Select(segment => text[segment]).ToList();

        Assert.Equal(["short words", " " + word[..(MaxLength - 1)], word[(MaxLength - 1)..] + " end"], segments);
    }

    [Fact]
    public void PreTokenLongerThanBound_CountsWithinATokenPerSliceOfTheTokenizer()
    {
        var text = string.Concat(Enumerable.Range(0, 4 * MaxLength).Select(i => (char)('a' + (i * 7 % 26))));
        var slices = s_segmented.Segments(text).Count();

        var count = s_segmented.CountTokens(text, CancellationToken.None);

        Assert.Equal(4, slices);
        Assert.InRange(count, Direct.CountTokens(text) - slices, Direct.CountTokens(text) + slices);
    }

    [Fact]
    public void CountTokens_WithCancelledToken_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => s_segmented.CountTokens(OrdinaryTexts.Document, cancellation.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => s_segmented.EncodeToTokens(OrdinaryTexts.Document, cancellation.Token));
    }

    [Fact]
    public void NormalizingTokenizer_IsRefused()
    {
        var normalizing = TiktokenTokenizer.CreateForModel("gpt-4o", normalizer: new LowerCaseNormalizer());

        Assert.Throws<ArgumentException>(() => new SegmentedTokenizer(normalizing));
    }

    [Fact]
    public void LazyTokenizer_IsLoadedByTheFirstCount_NotByMakingTheCounters()
    {
        var loads = 0;
        var segmented = new SegmentedTokenizer(new Lazy<Tokenizer>(() =>
        {
            loads++;
            return GatewayTokenizer.Loader.Value;
        }));
        var prompt = new PromptTokenCounter(segmented);
        Assert.Equal(0, loads);

        var request = new ChatGrpc.V1.CreateChatCompletionRequest();
        request.Messages.Add(new ChatGrpc.V1.ChatMessage { User = new ChatGrpc.V1.UserMessage { Content = new ChatGrpc.V1.UserContent { Text = "Hello there" } } });
        var counted = prompt.Count(request.Messages, CancellationToken.None);

        Assert.Equal(1, loads);
        Assert.Equal(new PromptTokenCounter(s_segmented).Count(request.Messages, CancellationToken.None), counted);
        Assert.Equal(Direct.CountTokens("Hello there"), segmented.CountTokens("Hello there", CancellationToken.None));
        Assert.Equal(1, loads);
    }

    [Fact]
    public void LazyNormalizingTokenizer_IsRefusedAtTheFirstCount()
    {
        var segmented = new SegmentedTokenizer(new Lazy<Tokenizer>(() => TiktokenTokenizer.CreateForModel("gpt-4o", normalizer: new LowerCaseNormalizer())));

        Assert.Throws<ArgumentException>(() => segmented.CountTokens("Hello", CancellationToken.None));
    }

    private static (int Id, string Value, int Start, int End) Describe(EncodedToken token)
        => (token.Id, token.Value, token.Offset.Start.Value, token.Offset.End.Value);
}
