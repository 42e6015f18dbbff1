using System.Text;
using System.Text.Json;
using ChatGrpc.Server.Validation;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.OpenAi.Responses;

/// <summary>
/// Turns OpenAI's string literal of an enum value back into its number, compared as UTF-8 on the reader's own
/// bytes (no string per value). A literal the proto does not know (a newer upstream's finish reason) gives zero.
/// </summary>
internal sealed class EnumLiteralLookup
{
    private readonly byte[][] _literals;
    private readonly int[] _numbers;

    private EnumLiteralLookup(EnumDescriptor descriptor)
    {
        var values = descriptor.Values.Where(static v => v.Number != 0).ToArray();
        _literals = values.Select(v => Encoding.UTF8.GetBytes(EnumLiterals.Of(descriptor, v.Number)!)).ToArray();
        _numbers = values.Select(static v => v.Number).ToArray();
    }

    public static EnumLiteralLookup FinishReason { get; } = new(Enum<V1.FinishReason>());

    public static EnumLiteralLookup ServiceTier { get; } = new(Enum<V1.ServiceTier>());

    public static EnumLiteralLookup ChatRole { get; } = new(Enum<V1.ChatRole>());

    private static EnumDescriptor Enum<TEnum>()
        where TEnum : struct, System.Enum =>
        V1.ChatReflection.Descriptor.EnumTypes.FirstOrDefault(static e => e.ClrType == typeof(TEnum))
        ?? throw new InvalidOperationException($"{typeof(TEnum).Name} is not an enum of chat.proto.");

    /// <summary>The number of the string the reader stands on; zero for null, another type or an unknown literal.</summary>
    public int Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return 0;
        }

        for (var i = 0; i < _literals.Length; i++)
        {
            if (reader.ValueTextEquals(_literals[i]))
            {
                return _numbers[i];
            }
        }

        return 0;
    }
}
