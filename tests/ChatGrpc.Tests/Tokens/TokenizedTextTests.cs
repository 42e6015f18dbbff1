using ChatGrpc.Server.Tokens;
using ChatGrpc.Tests.Providers.Development;
using Microsoft.ML.Tokenizers;

namespace ChatGrpc.Tests.Tokens;

public sealed class TokenizedTextTests
{
    [Theory]
    [InlineData("plain ascii words, nothing more")]
    [InlineData("héllo 😀 世界")]
    [InlineData("👨‍👩‍👧 family, 🏳️‍🌈 flag, e\u0301 combining")]
    [InlineData("")]
    public void Pieces_ConcatenateExactlyWithoutSplittingCharacters(string text)
    {
        var tokens = DevelopmentModelRequests.Tokenizer.EncodeToTokens(text, out _);

        var pieces = new TokenizedText(text, tokens.Count, tokens).SplitIntoTokenPieces();

        Assert.Equal(text, string.Concat(pieces));
        Assert.All(pieces, piece =>
        {
            Assert.NotEmpty(piece);
            Assert.False(char.IsLowSurrogate(piece[0]) || char.IsHighSurrogate(piece[^1]), piece);
        });
    }

    [Fact]
    public void Pieces_OfAsciiText_AreItsTokens()
    {
        const string text = "one token per piece";
        var tokens = DevelopmentModelRequests.Tokenizer.EncodeToTokens(text, out _);

        var pieces = new TokenizedText(text, tokens.Count, tokens).SplitIntoTokenPieces();

        Assert.Equal(tokens.Select(token => token.Value), pieces);
    }

    [Fact]
    public void Pieces_OfTextCutShortOfItsTokens_EndAtTheCut()
    {
        const string text = "one token per piece";
        var tokens = DevelopmentModelRequests.Tokenizer.EncodeToTokens(text, out _);

        var pieces = new TokenizedText("one token", 2, tokens).SplitIntoTokenPieces();

        Assert.Equal(["one", " token"], pieces);
    }

    [Fact]
    public void Pieces_NeverSplitSurrogatePairEvenWhenOffsetsDo()
    {
        const string text = "a😀b";
        EncodedToken[] tokens = [new(1, "a", 0..1), new(2, "\ud83d", 1..2), new(3, "\ude00", 2..3), new(4, "b", 3..4)];

        var pieces = new TokenizedText(text, tokens.Length, tokens).SplitIntoTokenPieces();

        Assert.Equal(["a", "😀", "b"], pieces);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 3)]
    [InlineData(4, 4)]
    [InlineData(9, 4)]
    public void EndOfFirstTokens_IsWhereNextTokenStartsButNeverInsideSurrogatePair(int count, int expectedEnd)
    {
        EncodedToken[] tokens = [new(1, "a", 0..1), new(2, "\ud83d", 1..2), new(3, "\ude00", 2..3), new(4, "b", 3..4)];

        Assert.Equal(expectedEnd, TokenizedText.EndOfFirstTokens("a😀b", tokens, count));
    }

    [Fact]
    public void EndOfFirstTokens_OfRealTokensEndingInsideEmoji_LeavesPartialEmojiOut()
    {
        const string text = "ok 👨‍👩‍👧";
        var tokens = DevelopmentModelRequests.Tokenizer.EncodeToTokens(text, out _);
        var partial = Enumerable.Range(1, tokens.Count - 1).First(i => tokens[i].Offset.Start.Value < tokens[i - 1].Offset.End.Value);

        var end = TokenizedText.EndOfFirstTokens(text, tokens, partial);

        Assert.Equal("ok ", text[..end]);
        Assert.Equal(["ok", " "], new TokenizedText(text[..end], partial, tokens).SplitIntoTokenPieces());
    }
}
