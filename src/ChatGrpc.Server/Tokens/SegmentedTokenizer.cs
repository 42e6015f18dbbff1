using Microsoft.ML.Tokenizers;

namespace ChatGrpc.Server.Tokens;

/// <summary>
/// Counts and encodes text with a tiktoken tokenizer a bounded segment at a time, so that the cost is
/// linear in the text and a cancelled request stops between segments.
/// </summary>
/// <remarks>
/// The byte-pair merge of Microsoft.ML.Tokenizers 2.0 is quadratic in the length of one pre-token: a
/// message of 100,000 'x' (a single pre-token) costs seconds, one of 3,000,000 never ends, and none of it
/// heeds a cancellation token. A segment here is a run of whole pre-tokens, found by the tokenizer's own
/// pre-tokenizer (linear), of at most <see cref="MaxSegmentLength"/> characters. Tiktoken never merges
/// across pre-tokens, and re-splitting a run of whole pre-tokens gives the same pre-tokens, so the counts
/// and tokens are exactly the tokenizer's own. Only a pre-token longer than the bound, which ordinary text
/// never has (a run of one letter, of spaces, of punctuation or of unspaced script), is cut into slices,
/// never inside a surrogate pair; its count may then differ from the tokenizer's by about a token a slice.
/// </remarks>
internal sealed class SegmentedTokenizer
{
    /// <summary>The longest text handed to the tokenizer at once; at this length a merge takes well under a millisecond.</summary>
    public const int MaxSegmentLength = 1024;

    // Checked once, when it is loaded.
    private readonly Lazy<Tokenizer> _tokenizer;

    public SegmentedTokenizer(Tokenizer tokenizer)
    {
        _tokenizer = new Lazy<Tokenizer>(Checked(tokenizer));
    }

    /// <param name="loader">Loaded on the first count, not before: without o200k's tables the process takes about 50 MB
    /// less, and it may never count (a relay whose upstreams report their usage, with no token limits).</param>
    public SegmentedTokenizer(Lazy<Tokenizer> loader)
    {
        ArgumentNullException.ThrowIfNull(loader);
        _tokenizer = new Lazy<Tokenizer>(() => Checked(loader.Value));
    }

    private Tokenizer TokenizerInUse => _tokenizer.Value;

    private static Tokenizer Checked(Tokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);

        // Segments are cut by offsets into the text, so the tokenizer must see the text unchanged.
        if (tokenizer.Normalizer is not null || tokenizer.PreTokenizer is null)
        {
            throw new ArgumentException("The tokenizer must pre-tokenize and must not normalize.", nameof(tokenizer));
        }

        return tokenizer;
    }

    public int CountTokens(string text, CancellationToken cancellationToken)
    {
        var tokens = 0;
        foreach (var segment in Segments(text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            tokens += TokenizerInUse.CountTokens(text.AsSpan(segment));
        }

        return tokens;
    }

    /// <summary>The text's tokens, with offsets into the whole text.</summary>
    public List<EncodedToken> EncodeToTokens(string text, CancellationToken cancellationToken)
    {
        var tokens = new List<EncodedToken>();
        foreach (var segment in Segments(text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = segment.Start.Value;
            foreach (var token in TokenizerInUse.EncodeToTokens(text.AsSpan(segment), out _))
            {
                tokens.Add(start == 0 ? token : new EncodedToken(
                    token.Id,
                    token.Value,
                    new Range(start + token.Offset.Start.Value, start + token.Offset.End.Value)));
            }
        }

        return tokens;
    }

    /// <summary>
    /// Splits the text into consecutive segments of at most <see cref="MaxSegmentLength"/> characters that
    /// end where a pre-token ends, except inside a longer pre-token.
    /// </summary>
    public IEnumerable<Range> Segments(string text)
    {
        var start = 0;
        var end = 0;
        foreach (var (offset, length) in TokenizerInUse.PreTokenizer!.PreTokenize(text))
        {
            var preTokenEnd = offset + length;
            if (preTokenEnd - start > MaxSegmentLength)
            {
                if (end > start)
                {
                    yield return start..end;
                    start = end;
                }

                while (preTokenEnd - start > MaxSegmentLength)
                {
                    var cut = SliceEnd(text, start);
                    yield return start..cut;
                    start = cut;
                }
            }

            end = preTokenEnd;
        }

        // Whatever follows the last pre-token, which the o200k_base pattern never leaves.
        while (text.Length - start > MaxSegmentLength)
        {
            var cut = end > start ? end : SliceEnd(text, start);
            yield return start..cut;
            start = cut;
        }

        if (start < text.Length)
        {
            yield return start..text.Length;
        }
    }

    private static int SliceEnd(string text, int start)
    {
        var end = start + MaxSegmentLength;
        return char.IsHighSurrogate(text[end - 1]) && char.IsLowSurrogate(text[end]) ? end - 1 : end;
    }
}
