using System.Collections.Concurrent;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.Validation;

/// <summary>
/// OpenAI's string literal of each enum value: the value's name without the enum's prefix, in lower case
/// (<c>AUDIO_FORMAT_PCM16</c> is <c>"pcm16"</c>). The zero value (<c>*_UNSPECIFIED</c>) has none.
/// </summary>
public static class EnumLiterals
{
    private static readonly ConcurrentDictionary<EnumDescriptor, string[]> Cache = new();

    /// <summary>The literals of every value but the zero value, in declaration order.</summary>
    public static IReadOnlyList<string> Of(EnumDescriptor descriptor) => Cache.GetOrAdd(descriptor, Build);

    /// <summary>The literal of one value, or null for the zero value and unknown numbers.</summary>
    public static string? Of(EnumDescriptor descriptor, int number)
    {
        var value = descriptor.FindValueByNumber(number);
        return value is null || value.Number == 0 ? null : LiteralOf(descriptor, value);
    }

    private static string[] Build(EnumDescriptor descriptor) =>
        descriptor.Values.Where(static v => v.Number != 0).Select(v => LiteralOf(descriptor, v)).ToArray();

    private static string LiteralOf(EnumDescriptor descriptor, EnumValueDescriptor value) =>
        value.Name[(PrefixOf(descriptor).Length)..].ToLowerInvariant();

    private static string PrefixOf(EnumDescriptor descriptor)
    {
        // ReasoningEffort -> REASONING_EFFORT_
        var builder = new System.Text.StringBuilder();
        foreach (var c in descriptor.Name)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.Append('_').ToString();
    }
}
