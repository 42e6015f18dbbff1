using System.Text;
using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// The JSON literals of one proto enum (<see cref="EnumLiterals"/>: AUDIO_FORMAT_PCM16 is "pcm16"; the zero
/// value has none), ready to be matched against the body's UTF-8 without decoding it.
/// </summary>
internal sealed class EnumLiteralTable
{
    private readonly byte[][] _utf8Literals;
    private readonly int[] _numbers;

    private EnumLiteralTable(string[] literals, int[] numbers)
    {
        Literals = literals;
        _numbers = numbers;
        _utf8Literals = Array.ConvertAll(literals, Encoding.UTF8.GetBytes);
    }

    /// <summary>The literals in enum order, as Pydantic lists them in <c>literal_error</c>.</summary>
    public IReadOnlyList<string> Literals { get; }

    public static EnumLiteralTable For<TEnum>()
        where TEnum : struct, Enum
    {
        foreach (var descriptor in ChatReflection.Descriptor.EnumTypes)
        {
            if (descriptor.ClrType == typeof(TEnum))
            {
                return From(descriptor);
            }
        }

        throw new InvalidOperationException($"{typeof(TEnum)} is not an enum of chat.proto.");
    }

    private static EnumLiteralTable From(EnumDescriptor descriptor)
    {
        var literals = new List<string>();
        var numbers = new List<int>();
        foreach (var value in descriptor.Values)
        {
            if (EnumLiterals.Of(descriptor, value.Number) is { } literal)
            {
                literals.Add(literal);
                numbers.Add(value.Number);
            }
        }

        return new EnumLiteralTable([.. literals], [.. numbers]);
    }

    /// <summary>The enum number of a JSON string holding one of the literals, without reporting anything.</summary>
    public bool TryMatch(JsonElement value, out int number)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            for (var i = 0; i < _utf8Literals.Length; i++)
            {
                if (JsonText.ValueEquals(value, _utf8Literals[i]))
                {
                    number = _numbers[i];
                    return true;
                }
            }
        }

        number = 0;
        return false;
    }

    public ValidationProblem Mismatch(IReadOnlyList<object> location, JsonElement value) =>
        PydanticErrors.LiteralError(location, value, Literals);

    /// <summary>Reads a literal; anything else, whatever its JSON kind, is a <c>literal_error</c>.</summary>
    public bool TryRead(JsonElement value, JsonReadContext context, string? key, out int number)
    {
        if (TryMatch(value, out number))
        {
            return true;
        }

        context.Report(Mismatch(context.Location(key), value));
        return false;
    }

    public bool TryReadOptional(JsonElement value, JsonReadContext context, string key, out int number)
    {
        number = 0;
        return Presence.IsSet(value) && TryRead(value, context, key, out number);
    }

    /// <summary>A key that may be left out but is not Optional: null is a <c>literal_error</c>.</summary>
    public bool TryReadOmittable(JsonElement value, JsonReadContext context, string key, out int number)
    {
        number = 0;
        return Presence.IsSent(value) && TryRead(value, context, key, out number);
    }

    public bool TryReadRequired(JsonElement value, JsonElement owner, JsonReadContext context, string key, out int number)
    {
        number = 0;
        return context.RequireKey(value, owner, key) && TryRead(value, context, key, out number);
    }
}
