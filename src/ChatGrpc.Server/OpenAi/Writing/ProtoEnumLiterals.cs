using System.Text.Json;
using ChatGrpc.Server.Validation;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.OpenAi.Writing;

/// <summary>
/// The OpenAI string literals of one proto enum (<see cref="EnumLiterals"/>: FINISH_REASON_TOOL_CALLS is
/// "tool_calls"), pre-encoded for the writers. The zero value, UNSPECIFIED, has no literal: it stands for
/// "not set".
/// </summary>
internal sealed class ProtoEnumLiterals
{
    // Indexed by enum number; the enums of chat.proto are numbered densely from zero.
    private readonly JsonEncodedText?[] _byNumber;

    public ProtoEnumLiterals(EnumDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var highest = 0;
        foreach (var value in descriptor.Values)
        {
            highest = Math.Max(highest, value.Number);
        }

        _byNumber = new JsonEncodedText?[highest + 1];
        foreach (var value in descriptor.Values)
        {
            if (value.Number > 0)
            {
                _byNumber[value.Number] = JsonEncodedText.Encode(EnumLiterals.Of(descriptor, value.Number)!);
            }
        }
    }

    /// <summary>The literal of a defined, non-zero value.</summary>
    public bool TryGet(int number, out JsonEncodedText literal)
    {
        if ((uint)number < (uint)_byNumber.Length && _byNumber[number] is { } known)
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
        writer.WritePropertyName(propertyName);
        WriteValue(writer, number);
    }
}
