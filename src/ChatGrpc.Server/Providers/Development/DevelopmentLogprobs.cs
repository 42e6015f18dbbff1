using System.Text;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Providers.Development;

/// <summary>
/// The development model's log probabilities: one entry per token piece of its answer (the tokenizer's real token
/// strings and their UTF-8 bytes), with deterministic values, and <c>top_logprobs</c> alternatives drawn from a fixed
/// list of common tokens, likeliest first, so that clients reading logprobs can be tried offline.
/// </summary>
internal static class DevelopmentLogprobs
{
    private static readonly string[] s_alternatives =
    [
        " the", " a", ".", ",", " and", " to", " of", " is", " in", " you", " I", " it", "!", " that", " for", " with", " on", " this", " be", " are", " was",
    ];

    /// <summary>The logprobs of <paramref name="pieces"/>, the answer's tokens in order.</summary>
    public static ChoiceLogprobs For(IReadOnlyList<string> pieces, int topLogprobs)
    {
        var logprobs = new ChoiceLogprobs();
        for (var i = 0; i < pieces.Count; i++)
        {
            logprobs.Content.Add(Token(pieces[i], i, topLogprobs));
        }

        return logprobs;
    }

    /// <summary>The entry of the token at <paramref name="position"/> in the answer.</summary>
    public static TokenLogprob Token(string piece, int position, int topLogprobs)
    {
        // Deterministic and plausible: the chosen token is always the likeliest, its value varies with its position.
        var logprob = -0.0001 - (0.01 * (position % 10));
        var entry = new TokenLogprob { Token = piece, Logprob = logprob };
        AddBytes(entry.Bytes, piece);
        if (topLogprobs > 0)
        {
            var top = new TopLogprob { Token = piece, Logprob = logprob };
            AddBytes(top.Bytes, piece);
            entry.TopLogprobs.Add(top);
            var rank = 1;
            for (var i = 0; rank < topLogprobs && i < s_alternatives.Length; i++)
            {
                var alternative = s_alternatives[(position + i) % s_alternatives.Length];
                if (alternative == piece)
                {
                    continue;
                }

                var other = new TopLogprob { Token = alternative, Logprob = logprob - (1.5 * rank) };
                AddBytes(other.Bytes, alternative);
                entry.TopLogprobs.Add(other);
                rank++;
            }
        }

        return entry;
    }

    private static void AddBytes(Google.Protobuf.Collections.RepeatedField<int> bytes, string piece)
    {
        foreach (var b in Encoding.UTF8.GetBytes(piece))
        {
            bytes.Add(b);
        }
    }
}
