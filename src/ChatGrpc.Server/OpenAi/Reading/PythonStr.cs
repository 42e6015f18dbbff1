using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// Python's <c>str()</c> of the value Python's json makes of a JSON value, as Pydantic writes a tag that is not a
/// string into <c>union_tag_invalid</c> (<c>None</c>, <c>True</c>, <c>5</c>, <c>1e+300</c>, <c>['user']</c>,
/// <c>{'role': 'user'}</c>). Only on the problem path.
/// </summary>
internal static class PythonStr
{
    public static string Of(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return JsonText.GetString(value);
        }

        var text = new StringBuilder();
        AppendRepr(text, value);
        return text.ToString();
    }

    private static void AppendRepr(StringBuilder text, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                text.Append("None");
                break;
            case JsonValueKind.True:
                text.Append("True");
                break;
            case JsonValueKind.False:
                text.Append("False");
                break;
            case JsonValueKind.Number:
                AppendNumber(text, value);
                break;
            case JsonValueKind.String:
                AppendStringRepr(text, JsonText.GetString(value));
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    text.Append(first ? "" : ", ");
                    first = false;
                    AppendRepr(text, item);
                }

                text.Append(']');
                break;
            default:
                // A Python dict keeps each key once, at its first position, with its last value.
                var entries = new OrderedDictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in value.EnumerateObject())
                {
                    entries[JsonText.GetName(property)] = property.Value;
                }

                text.Append('{');
                var firstEntry = true;
                foreach (var (key, item) in entries)
                {
                    text.Append(firstEntry ? "" : ", ");
                    firstEntry = false;
                    AppendStringRepr(text, key);
                    text.Append(": ");
                    AppendRepr(text, item);
                }

                text.Append('}');
                break;
        }
    }

    private static void AppendNumber(StringBuilder text, JsonElement value)
    {
        var raw = value.GetRawText();
        if (!raw.AsSpan().ContainsAny(".eE"))
        {
            // An int: Python prints it in full, whatever its size, without a leading zero (JSON has none).
            text.Append(raw);
            return;
        }

        AppendFloatRepr(text, value.GetDouble());
    }

    /// <summary>Python's float repr: the shortest round-trip digits, positional from 1e-4 up to 1e16, else d.ddde+XX.</summary>
    private static void AppendFloatRepr(StringBuilder text, double number)
    {
        if (double.IsInfinity(number))
        {
            text.Append(number > 0 ? "inf" : "-inf");
            return;
        }

        var shortest = number.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith('-');
        var unsigned = negative ? shortest[1..] : shortest;
        var e = unsigned.IndexOfAny(['E', 'e']);
        var mantissa = e >= 0 ? unsigned[..e] : unsigned;
        var extra = e >= 0 ? int.Parse(unsigned[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerPart = point >= 0 ? mantissa[..point] : mantissa;
        var fractionPart = point >= 0 ? mantissa[(point + 1)..] : "";
        var digits = (integerPart + fractionPart).TrimStart('0');
        var leadingZeros = (integerPart + fractionPart).Length - digits.Length;
        var exponent = integerPart.Length - leadingZeros - 1 + extra;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            text.Append(negative ? "-0.0" : "0.0");
            return;
        }

        text.Append(negative ? "-" : "");
        if (exponent is >= -4 and < 16)
        {
            if (exponent >= 0)
            {
                var whole = digits.Length > exponent + 1 ? digits[..(exponent + 1)] : digits.PadRight(exponent + 1, '0');
                var fraction = digits.Length > exponent + 1 ? digits[(exponent + 1)..] : "0";
                text.Append(whole).Append('.').Append(fraction);
            }
            else
            {
                text.Append("0.").Append('0', -exponent - 1).Append(digits);
            }

            return;
        }

        text.Append(digits[0]);
        if (digits.Length > 1)
        {
            text.Append('.').Append(digits.AsSpan(1));
        }

        text.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
    }

    /// <summary>Python's str repr: single quotes unless the text has a single quote and no double one.</summary>
    private static void AppendStringRepr(StringBuilder text, string value)
    {
        var quote = value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        text.Append(quote);
        foreach (var rune in value.EnumerateRunes())
        {
            var c = rune.Value;
            if (c == quote || c == '\\')
            {
                text.Append('\\').Append((char)c);
            }
            else if (c == '\n')
            {
                text.Append("\\n");
            }
            else if (c == '\r')
            {
                text.Append("\\r");
            }
            else if (c == '\t')
            {
                text.Append("\\t");
            }
            else if (c < 0x20 || c == 0x7f)
            {
                text.Append("\\x").Append(c.ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(rune.ToString());
            }
        }

        text.Append(quote);
    }
}
