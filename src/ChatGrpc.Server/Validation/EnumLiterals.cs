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
        value.Name[PrefixOf(descriptor).Length..].ToLowerInvariant();

    /// <summary>The values' common prefix, read off the zero value: <c>REASONING_EFFORT_UNSPECIFIED</c> gives <c>REASONING_EFFORT_</c>.</summary>
    private static string PrefixOf(EnumDescriptor descriptor)
    {
        const string unspecified = "UNSPECIFIED";
        var zero = descriptor.FindValueByNumber(0)?.Name;
        if (zero is null || !zero.EndsWith(unspecified, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Enum {descriptor.FullName} needs a zero value named <PREFIX>_{unspecified} to derive its OpenAI literals.");
        }

        return zero[..^unspecified.Length];
    }
}
