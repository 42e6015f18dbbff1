using System.Text;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>One input the server answered wrongly, with what it takes to send it again.</summary>
internal sealed record FuzzFailure(int Seed, int Iteration, string Reason, string Input)
{
    public override string ToString() => $"seed {Seed}, iteration {Iteration}: {Reason}\ninput: {Input}";

    /// <summary>The bytes as text, with anything that is not printable UTF-8 as \xNN, shortened in the middle when long.</summary>
    public static string Printable(ReadOnlySpan<byte> bytes, int limit = 4_000)
    {
        var builder = new StringBuilder($"({bytes.Length} bytes) ");
        var shown = bytes.Length > limit ? [.. bytes[..(limit / 2)], .. "…"u8, .. bytes[^(limit / 2)..]] : bytes.ToArray();
        var rest = (ReadOnlySpan<byte>)shown;
        while (!rest.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf8(rest, out var rune, out var consumed) == System.Buffers.OperationStatus.Done && (rune.Value >= 0x20 || rune.Value == '\n'))
            {
                builder.Append(rune.ToString());
            }
            else
            {
                foreach (var b in rest[..Math.Max(consumed, 1)])
                {
                    builder.Append($"\\x{b:X2}");
                }
            }

            rest = rest[Math.Max(consumed, 1)..];
        }

        return builder.ToString();
    }
}
