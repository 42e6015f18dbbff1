using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.Validation;

/// <summary>
/// The OpenAI string literals of one proto enum, the one table the reader, the writers and the validator share:
/// a value's literal is its name without the enum's prefix, in lower case (<c>AUDIO_FORMAT_PCM16</c> is
/// <c>"pcm16"</c>); the zero value (<c>*_UNSPECIFIED</c>) has none, it stands for "not set". Each literal is kept
/// as text (for <c>literal_error</c>), as UTF-8 (to match a body without decoding it) and pre-encoded for writers.
/// </summary>
internal sealed class EnumLiteralTable
{
    private readonly string[] _literals;
    private readonly byte[][] _utf8Literals;
    private readonly int[] _numbers;

    // Indexed by enum number; the enums of chat.proto are numbered densely from zero.
    private readonly JsonEncodedText?[] _encodedByNumber;

    public EnumLiteralTable(EnumDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Descriptor = descriptor;
        var prefix = PrefixOf(descriptor);
        var literals = new List<string>();
        var numbers = new List<int>();
        var highest = 0;
        foreach (var value in descriptor.Values)
        {
            highest = Math.Max(highest, value.Number);
            if (value.Number != 0)
            {
                literals.Add(value.Name[prefix.Length..].ToLowerInvariant());
                numbers.Add(value.Number);
            }
        }

        _literals = [.. literals];
        Literals = _literals;
        _numbers = [.. numbers];
        _utf8Literals = Array.ConvertAll(_literals, Encoding.UTF8.GetBytes);
        _encodedByNumber = new JsonEncodedText?[highest + 1];
        for (var i = 0; i < _numbers.Length; i++)
        {
            _encodedByNumber[_numbers[i]] = JsonEncodedText.Encode(Literals[i]);
        }
    }

    public EnumDescriptor Descriptor { get; }

    /// <summary>The literals of every value but the zero value, in declaration order: the order Pydantic lists them in.</summary>
    public IReadOnlyList<string> Literals { get; }

    /// <summary>The literal of one value, or null for the zero value and unknown numbers.</summary>
    public string? LiteralOf(int number)
    {
        var index = Array.IndexOf(_numbers, number);
        return index < 0 ? null : Literals[index];
    }

    /// <summary>
    /// The number of the string the reader stands on, compared as UTF-8 on the reader's own bytes (no string per value);
    /// zero for null, another type or a literal the proto does not know (a newer upstream's value). Reads past it.
    /// </summary>
    public int Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return 0;
        }

        for (var i = 0; i < _utf8Literals.Length; i++)
        {
            if (reader.ValueTextEquals(_utf8Literals[i]))
            {
                return _numbers[i];
            }
        }

        return 0;
    }

    /// <summary>The enum number of a JSON string holding one of the literals, without reporting anything.</summary>
    public bool TryMatch(JsonElement value, out int number)
    {
        number = 0;
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var raw = JsonMarshal.GetRawUtf8Value(value)[1..^1];
        if (raw.Contains((byte)'\\'))
        {
            return TryMatchEscaped(value, out number);
        }

        for (var i = 0; i < _utf8Literals.Length; i++)
        {
            if (raw.SequenceEqual(_utf8Literals[i]))
            {
                number = _numbers[i];
                return true;
            }
        }

        return false;
    }

    /// <summary>An escaped string (rare): decoded first; one that is not valid UTF-16 (a lone surrogate escape) matches no literal.</summary>
    private bool TryMatchEscaped(JsonElement value, out int number)
    {
        number = 0;
        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        var index = Array.IndexOf(_literals, text);
        if (index < 0)
        {
            return false;
        }

        number = _numbers[index];
        return true;
    }

    /// <summary>The pre-encoded literal of a defined, non-zero value.</summary>
    public bool TryGet(int number, out JsonEncodedText literal)
    {
        if ((uint)number < (uint)_encodedByNumber.Length && _encodedByNumber[number] is { } known)
        {
            literal = known;
            return true;
        }

        literal = default;
        return false;
    }

    /// <summary>
    /// Writes the literal as a JSON string, and the zero value as null. A number the descriptor does not know
    /// (sent by a newer peer) is written as the number, as protobuf's own JSON mapping does, rather than
    /// failing mid-answer.
    /// </summary>
    public void WriteValue(Utf8JsonWriter writer, int number)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (TryGet(number, out var literal))
        {
            writer.WriteStringValue(literal);
        }
        else if (number == 0)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteNumberValue(number);
        }
    }

    /// <summary>Writes <c>"name": literal</c>, or <c>"name": null</c> for the zero value.</summary>
    public void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, int number)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(propertyName);
        WriteValue(writer, number);
    }

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
