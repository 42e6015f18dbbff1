using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Responses;

/// <summary>
/// Reads one JSON value the reader stands on, tolerantly: an upstream that sends null, or a value of another type
/// than OpenAI documents, has the value skipped rather than the whole answer refused.
/// </summary>
internal static class JsonValues
{
    public static string? String(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    public static long? Int64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            // Some servers write integral fields as floats ("created": 1.7e9).
            return reader.TryGetInt64(out var integer) ? integer : (long)reader.GetDouble();
        }

        reader.Skip();
        return null;
    }

    public static int? Int32(ref Utf8JsonReader reader) => Int64(ref reader) is { } value ? (int)Math.Clamp(value, int.MinValue, int.MaxValue) : null;

    public static double? Double(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetDouble();
        }

        reader.Skip();
        return null;
    }

    /// <summary>True when the reader stands on the start of an object; otherwise skips the value (null included).</summary>
    public static bool StartsObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return true;
        }

        reader.Skip();
        return false;
    }

    /// <summary>True when the reader stands on the start of an array; otherwise skips the value (null included).</summary>
    public static bool StartsArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return true;
        }

        reader.Skip();
        return false;
    }

    /// <summary>Moves to the next property name of the object being read: false at its end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType != JsonTokenType.EndObject;
    }

    /// <summary>Moves to the next item of the array being read: false at its end.</summary>
    public static bool NextItem(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType != JsonTokenType.EndArray;
    }
}
