using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// Strings and property names of the body. JSON may escape a lone surrogate (<c>"\ud800"</c>); Python's
/// json keeps it, but .NET refuses to make a string of it. Such escapes become U+FFFD here, as every
/// UTF-8 encoder downstream would turn them anyway, so that no valid JSON makes the reader throw.
/// </summary>
internal static class JsonText
{
    public static string GetString(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            var raw = JsonMarshal.GetRawUtf8Value(value);
            return DecodeReplacingLoneSurrogates(raw[1..^1]);
        }
    }

    public static string GetName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return DecodeReplacingLoneSurrogates(JsonMarshal.GetRawUtf8PropertyName(property));
        }
    }

    /// <summary>The property name as UTF-8, without copying unless it was escaped.</summary>
    public static ReadOnlySpan<byte> GetUtf8Name(JsonProperty property)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        return raw.Contains((byte)'\\') ? Encoding.UTF8.GetBytes(GetName(property)) : raw;
    }

    /// <summary>A string value as UTF-8, without copying unless it was escaped.</summary>
    public static ReadOnlySpan<byte> GetUtf8String(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value)[1..^1];
        return raw.Contains((byte)'\\') ? Encoding.UTF8.GetBytes(GetString(value)) : raw;
    }

    private static string DecodeReplacingLoneSurrogates(ReadOnlySpan<byte> escaped)
    {
        var quoted = new byte[escaped.Length + 2];
        quoted[0] = (byte)'"';
        quoted[^1] = (byte)'"';
        var content = quoted.AsSpan(1, escaped.Length);
        escaped.CopyTo(content);

        // The parser has already checked the escapes, so every \u has four hex digits after it.
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] != (byte)'\\')
            {
                continue;
            }

            i++;
            if (content[i] != (byte)'u')
            {
                continue;
            }

            var unit = ParseHex(content.Slice(i + 1, 4));
            if (char.IsHighSurrogate(unit)
                && i + 10 < content.Length
                && content[i + 5] == (byte)'\\'
                && content[i + 6] == (byte)'u'
                && char.IsLowSurrogate(ParseHex(content.Slice(i + 7, 4))))
            {
                i += 10;
                continue;
            }

            if (char.IsSurrogate(unit))
            {
                "FFFD"u8.CopyTo(content.Slice(i + 1, 4));
            }

            i += 4;
        }

        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        return reader.GetString()!;
    }

    private static char ParseHex(ReadOnlySpan<byte> hex)
    {
        var value = 0;
        foreach (var digit in hex)
        {
            value = (value << 4) | (digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10);
        }

        return (char)value;
    }
}
