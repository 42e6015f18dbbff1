using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using ChatGrpc.Server.Validation;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// Scalars read as Pydantic v2 reads them in lax mode (see errors.md): numbers from numeric strings and
/// booleans, integers from whole floats, booleans from 0/1 and yes/no words, strings only from strings.
/// The <c>key</c> of each method is appended to the current location for a problem (null: the current location).
/// A required value passes JSON null on to these methods, which refuse it as the wrong kind.
/// </summary>
internal static class LaxScalars
{
    // float_as_int in pydantic-core: a float converts only strictly between these.
    private const double Int64Limit = 9223372036854775808.0;

    private static readonly SearchValues<char> FloatCharacters = SearchValues.Create("0123456789+-.eE");

    public static bool TryReadString(JsonElement value, JsonReadContext context, string? key, out string result)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            result = JsonText.GetString(value);
            return true;
        }

        context.Report(PydanticErrors.StringType(context.Location(key), value));
        result = "";
        return false;
    }

    /// <remarks>
    /// A number beyond double's range (<c>1e400</c>, which Python reads as infinity) becomes the largest
    /// finite double of its sign, so that a range rule still refuses it and quotes it as sent.
    /// </remarks>
    public static bool TryReadDouble(JsonElement value, JsonReadContext context, string? key, out double result)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                result = ToFiniteDouble(value.GetDouble());
                return true;
            case JsonValueKind.True or JsonValueKind.False:
                result = BooleanAsNumber(value);
                return true;
            case JsonValueKind.String when TryParseFloatText(JsonText.GetString(value), out result):
                return true;
            case JsonValueKind.String:
                return Refuse(context, PydanticErrors.FloatParsing(context.Location(key), value), out result);
            default:
                return Refuse(context, PydanticErrors.FloatType(context.Location(key), value), out result);
        }
    }

    /// <remarks>
    /// An integer beyond int64 (Python's ints have no limit) is refused with the bound it broke, as a range
    /// rule of int64's own bounds would.
    /// </remarks>
    public static bool TryReadInt64(JsonElement value, JsonReadContext context, string? key, out long result)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetInt64(out result):
                return true;
            case JsonValueKind.Number:
                return TryConvertNumber(value, context, key, out result);
            case JsonValueKind.True or JsonValueKind.False:
                result = BooleanAsNumber(value);
                return true;
            case JsonValueKind.String:
                return TryConvertIntegerText(value, context, key, out result);
            default:
                return Refuse(context, PydanticErrors.IntType(context.Location(key), value), out result);
        }
    }

    public static bool TryReadBool(JsonElement value, JsonReadContext context, string? key, out bool result)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True or JsonValueKind.False:
                result = value.GetBoolean();
                return true;
            case JsonValueKind.Number when value.GetDouble() is 0 or 1:
                result = value.GetDouble() == 1;
                return true;
            case JsonValueKind.String when TryParseBoolText(JsonText.GetString(value), out result):
                return true;
            case JsonValueKind.Number when !IsWholeInt64(value):
                // pydantic-core reads a float as a boolean only through an integer: a fraction is the wrong kind.
                return Refuse(context, PydanticErrors.BoolType(context.Location(key), value), out result);
            case JsonValueKind.Number or JsonValueKind.String:
                return Refuse(context, PydanticErrors.BoolParsing(context.Location(key), value), out result);
            default:
                return Refuse(context, PydanticErrors.BoolType(context.Location(key), value), out result);
        }
    }

    /// <summary>Pydantic reads <c>true</c> and <c>false</c> as the numbers 1 and 0.</summary>
    private static int BooleanAsNumber(JsonElement value) => value.ValueKind == JsonValueKind.True ? 1 : 0;

    /// <summary>Reports <paramref name="problem"/>, leaving <paramref name="result"/> at its kind's default.</summary>
    private static bool Refuse<T>(JsonReadContext context, ValidationProblem problem, out T result)
        where T : struct
    {
        context.Report(problem);
        result = default;
        return false;
    }

    /// <summary>A JSON integer, or a float without a fraction that an int64 holds.</summary>
    private static bool IsWholeInt64(JsonElement value)
    {
        if (!JsonMarshal.GetRawUtf8Value(value).ContainsAny(".eE"u8))
        {
            return true;
        }

        var number = value.GetDouble();
        return Math.Truncate(number) == number && number > -Int64Limit && number < Int64Limit;
    }

    /// <summary>Infinity (what Python makes of 1e400) as the largest finite double of its sign; proto JSON has no infinity.</summary>
    public static double ToFiniteDouble(double value) =>
        double.IsPositiveInfinity(value) ? double.MaxValue : double.IsNegativeInfinity(value) ? double.MinValue : value;

    /// <summary>A JSON number that is not an int64 token: a float, or an integer too large for int64.</summary>
    private static bool TryConvertNumber(JsonElement value, JsonReadContext context, string? key, out long result)
    {
        var number = value.GetDouble();
        var isFloat = JsonMarshal.GetRawUtf8Value(value).ContainsAny(".eE"u8);
        if (isFloat && double.IsFinite(number) && Math.Truncate(number) != number)
        {
            return Refuse(context, PydanticErrors.IntFromFloat(context.Location(key), value), out result);
        }

        if (isFloat && number > -Int64Limit && number < Int64Limit)
        {
            result = (long)number;
            return true;
        }

        if (isFloat)
        {
            return Refuse(context, PydanticErrors.IntParsingSize(context.Location(key), value), out result);
        }

        result = ReportOutOfRange(value, context, key, negative: number < 0);
        return true;
    }

    private static bool TryConvertIntegerText(JsonElement value, JsonReadContext context, string? key, out long result)
    {
        var text = JsonText.GetString(value).AsSpan().Trim();
        switch (ParseIntegerText(text, out result))
        {
            case IntegerText.Parsed:
                return true;
            case IntegerText.OutOfRange:
                result = ReportOutOfRange(value, context, key, negative: text.StartsWith('-'));
                return true;
            default:
                return Refuse(context, PydanticErrors.IntParsing(context.Location(key), value), out result);
        }
    }

    /// <summary>
    /// Reports an integer beyond int64 against int64's own bound, and gives the nearest int64 so that the field's
    /// rule (n's 128, say) can still judge it: the validator's problem then stands in for this one, as Pydantic,
    /// with unbounded integers, would only ever report the field's bound.
    /// </summary>
    private static long ReportOutOfRange(JsonElement value, JsonReadContext context, string? key, bool negative)
    {
        context.Report(PydanticErrors.BeyondInt64(context.Location(key), value, negative));
        return negative ? long.MinValue : long.MaxValue;
    }

    /// <summary>pydantic-core's str_as_int: an optional sign and digits, else the same followed by <c>.0…</c>, else with single underscores between digits.</summary>
    private static IntegerText ParseIntegerText(ReadOnlySpan<char> text, out long result)
    {
        var parsed = ParseSignedDigits(text, out result);
        if (parsed != IntegerText.Invalid)
        {
            return parsed;
        }

        var point = text.IndexOf('.');
        if (point >= 0 && !text[(point + 1)..].ContainsAnyExcept('0'))
        {
            return ParseSignedDigits(text[..point], out result);
        }

        return TryStripUnderscores(text, out var stripped) ? ParseSignedDigits(stripped, out result) : IntegerText.Invalid;
    }

    private static IntegerText ParseSignedDigits(ReadOnlySpan<char> text, out long result)
    {
        var digits = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
        {
            result = 0;
            return IntegerText.Invalid;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result) ? IntegerText.Parsed : IntegerText.OutOfRange;
    }

    /// <summary>pydantic-core's str_as_float: Rust's float syntax, also with single underscores between digits.</summary>
    /// <remarks>
    /// Rust also reads "inf", "infinity" and "nan" in any case, signed or not: they are numbers to Pydantic, which
    /// the field's bound then refuses (infinity stands as the largest double of its sign, NaN fails every bound).
    /// </remarks>
    private static bool TryParseFloatText(string text, out double result)
    {
        result = 0;
        var trimmed = text.AsSpan().Trim();
        if (TryParseNonFinite(trimmed, out result))
        {
            return true;
        }

        if (trimmed.Contains('_'))
        {
            if (!TryStripUnderscores(trimmed, out var stripped))
            {
                return false;
            }

            trimmed = stripped;
        }

        if (trimmed.ContainsAnyExcept(FloatCharacters))
        {
            return false;
        }

        if (!double.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out result))
        {
            return false;
        }

        result = ToFiniteDouble(result);
        return true;
    }

    private static bool TryParseNonFinite(ReadOnlySpan<char> text, out double result)
    {
        var negative = text.StartsWith('-');
        var word = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        if (word.Equals("inf", StringComparison.OrdinalIgnoreCase) || word.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            result = negative ? double.MinValue : double.MaxValue;
            return true;
        }

        result = double.NaN;
        return word.Equals("nan", StringComparison.OrdinalIgnoreCase);
    }

    private static bool TryStripUnderscores(ReadOnlySpan<char> text, out ReadOnlySpan<char> stripped)
    {
        stripped = default;
        if (!text.Contains('_') || text.StartsWith('_') || text.EndsWith('_') || text.Contains("__", StringComparison.Ordinal))
        {
            return false;
        }

        stripped = text.ToString().Replace("_", "", StringComparison.Ordinal);
        return true;
    }

    /// <summary>pydantic-core's str_as_bool: exact words, any case, no trimming.</summary>
    private static bool TryParseBoolText(string text, out bool result)
    {
        if (text == "1" || IsWord(text, "t") || IsWord(text, "y") || IsWord(text, "on") || IsWord(text, "yes") || IsWord(text, "true"))
        {
            result = true;
            return true;
        }

        result = false;
        return text == "0" || IsWord(text, "f") || IsWord(text, "n") || IsWord(text, "no") || IsWord(text, "off") || IsWord(text, "false");
    }

    private static bool IsWord(string text, string word) => text.Equals(word, StringComparison.OrdinalIgnoreCase);

    private enum IntegerText
    {
        Invalid,
        Parsed,
        OutOfRange,
    }
}
