using Microsoft.ML.Tokenizers;

namespace ChatGrpc.Server.Tokens;

/// <summary>Generated text with the number of tokens it counts as, and, for streaming, the tokens themselves.</summary>
internal sealed class TokenizedText
{
    // The tokens of the text before any cut, so possibly more than TokenCount; null when only counted.
    private readonly IReadOnlyList<EncodedToken>? _tokens;

    public TokenizedText(string text, int tokenCount, IReadOnlyList<EncodedToken>? tokens)
    {
        Text = text;
        TokenCount = tokenCount;
        _tokens = tokens;
    }

    public string Text { get; }

    public int TokenCount { get; }

    /// <summary>
    /// Where the text of the first <paramref name="count"/> of <paramref name="tokens"/> ends: where the next
    /// token starts. A token holding only the first bytes of a character shares its start with the token
    /// that completes it, so a cut between them leaves the whole character out rather than half of it.
    /// </summary>
    public static int EndOfFirstTokens(ReadOnlySpan<char> text, IReadOnlyList<EncodedToken> tokens, int count)
    {
        if (count >= tokens.Count)
        {
            return text.Length;
        }

        var end = Math.Clamp(tokens[count].Offset.Start.GetOffset(text.Length), 0, text.Length);
        return end > 0 && end < text.Length && char.IsLowSurrogate(text[end]) ? end - 1 : end;
    }

    /// <summary>
    /// Splits the text at token boundaries into the pieces a model would stream. The pieces are cut from
    /// the text by the tokens' offsets rather than decoded from token ids, so they always concatenate to
    /// <see cref="Text"/> exactly: a token holding only part of a character's UTF-8 bytes decodes to U+FFFD,
    /// and here simply joins the piece that completes the character.
    /// </summary>
    public List<string> SplitIntoTokenPieces()
    {
        var pieces = new List<string>(TokenCount);
        var start = 0;
        if (_tokens is not null)
        {
            for (var i = 1; i < _tokens.Count; i++)
            {
                var boundary = _tokens[i].Offset.Start.GetOffset(Text.Length);
                if (boundary >= Text.Length)
                {
                    break;
                }

                // Never between the halves of a surrogate pair, whatever offsets a tokenizer reports.
                if (boundary > start && !char.IsLowSurrogate(Text[boundary]))
                {
                    pieces.Add(Text[start..boundary]);
                    start = boundary;
                }
            }
        }

        if (start < Text.Length)
        {
            pieces.Add(Text[start..]);
        }

        return pieces;
    }
}
