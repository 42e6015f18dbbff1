using System.Text.Json;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Server.OpenAi.Writing;

/// <summary>
/// Writes <see cref="Struct"/>, <see cref="Value"/> and <see cref="ListValue"/> as the plain JSON they stand for,
/// straight to the writer (no formatter, no intermediate text).
/// </summary>
internal static class ProtoStructJson
{
    // Beyond 2^53 a double no longer holds every integer, so such numbers keep the double's own form.
    private const double LargestExactInteger = 9007199254740992d;

    public static void WriteStruct(Utf8JsonWriter writer, Struct value)
    {
        writer.WriteStartObject();
        WriteProperties(writer, value);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes each field of <paramref name="extras"/> as a property of the object being written: the keys of an
    /// upstream's answer that the proto does not name, put back where they came from.
    /// </summary>
    public static void WriteExtraFields(Utf8JsonWriter writer, Struct? extras)
    {
        if (extras is not null)
        {
            WriteProperties(writer, extras);
        }
    }

    public static void WriteList(Utf8JsonWriter writer, ListValue list)
    {
        writer.WriteArray(list.Values, WriteValue);
    }

    public static void WriteValue(Utf8JsonWriter writer, Value? value)
    {
        switch (value?.KindCase)
        {
            case Value.KindOneofCase.NumberValue:
                WriteNumber(writer, value.NumberValue);
                break;
            case Value.KindOneofCase.StringValue:
                writer.WriteStringValue(value.StringValue);
                break;
            case Value.KindOneofCase.BoolValue:
                writer.WriteBooleanValue(value.BoolValue);
                break;
            case Value.KindOneofCase.StructValue:
                WriteStruct(writer, value.StructValue);
                break;
            case Value.KindOneofCase.ListValue:
                WriteList(writer, value.ListValue);
                break;
            default:
                // NullValue, and a Value with no kind set, are both JSON null.
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>
    /// Whole numbers within +/-2^53 are written as integers (3, not 3.0) so that a schema's
    /// <c>"minItems": 1</c> reaches the upstream as the integer it was; JSON has no NaN or infinity,
    /// so those are written as the strings protobuf's JSON mapping uses.
    /// </summary>
    public static void WriteNumber(Utf8JsonWriter writer, double number)
    {
        if (double.IsNaN(number))
        {
            writer.WriteStringValue("NaN"u8);
        }
        else if (double.IsPositiveInfinity(number))
        {
            writer.WriteStringValue("Infinity"u8);
        }
        else if (double.IsNegativeInfinity(number))
        {
            writer.WriteStringValue("-Infinity"u8);
        }
        else if (Math.Abs(number) <= LargestExactInteger && Math.Floor(number) == number)
        {
            writer.WriteNumberValue((long)number);
        }
        else
        {
            writer.WriteNumberValue(number);
        }
    }

    private static void WriteProperties(Utf8JsonWriter writer, Struct value)
    {
        foreach (var field in value.Fields)
        {
            writer.WritePropertyName(field.Key);
            WriteValue(writer, field.Value);
        }
    }
}
