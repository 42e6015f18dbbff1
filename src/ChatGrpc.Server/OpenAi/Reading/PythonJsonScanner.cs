namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// Finds the first syntax error in a body the way <c>json.loads</c> does in CPython 3.13, whose message and
/// offset FastAPI passes on as <c>ctx.error</c> and <c>loc</c>. System.Text.Json says where it stopped reading,
/// which is often not where Python points (Python reports an unterminated string at its opening quote, a
/// trailing comma at the comma, a misspelt literal at its first letter), so after System.Text.Json has
/// rejected a body this walks it again, step for step with <c>Modules/_json.c</c> (<c>scan_once_unicode</c>,
/// <c>_parse_object_unicode</c>, <c>_parse_array_unicode</c>, <c>scanstring_unicode</c>,
/// <c>_match_number_unicode</c>) and <c>JSONDecoder.decode</c>.
/// It works on UTF-8 bytes: every character Python tests for is ASCII, and where Python counts characters to
/// see whether enough are left, a multi-byte character in the way fails the same test at the same place.
/// Two departures, both because System.Text.Json cannot read what Python would: <c>NaN</c>, <c>Infinity</c> and
/// <c>-Infinity</c> are "Expecting value" at their first character, and nesting deeper than the document
/// limit is an error at the bracket that goes past it (where Python would recurse on, and FastAPI answer 400).
/// </summary>
internal ref struct PythonJsonScanner
{
    private const string ExpectingValue = "Expecting value";
    private const string ExpectingPropertyName = "Expecting property name enclosed in double quotes";
    private const string ExpectingColon = "Expecting ':' delimiter";
    private const string ExpectingComma = "Expecting ',' delimiter";
    private const string TrailingCommaInObject = "Illegal trailing comma before end of object";
    private const string TrailingCommaInArray = "Illegal trailing comma before end of array";
    private const string UnterminatedString = "Unterminated string starting at";
    private const string ControlCharacter = "Invalid control character at";
    private const string InvalidEscape = "Invalid \\escape";
    private const string InvalidUnicodeEscape = "Invalid \\uXXXX escape";
    private const string ExtraData = "Extra data";

    private readonly ReadOnlySpan<byte> text;
    private readonly int maxDepth;
    private JsonSyntaxError error;

    private PythonJsonScanner(ReadOnlySpan<byte> text, int maxDepth)
    {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    /// <param name="utf8">The body after any byte order mark, valid UTF-8.</param>
    /// <param name="maxDepth">How many objects and arrays may nest.</param>
    /// <returns>The error Python would raise first; null when Python (within <paramref name="maxDepth"/>) reads the body.</returns>
    public static JsonSyntaxError? FindError(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        var scanner = new PythonJsonScanner(utf8, maxDepth);
        if (!scanner.ScanValue(scanner.SkipWhitespace(0), 0, out var end))
        {
            return scanner.error;
        }

        end = scanner.SkipWhitespace(end);
        return end == utf8.Length ? null : new JsonSyntaxError(end, ExtraData);
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    private static bool IsSimpleEscape(byte b) =>
        b is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t';

    private static bool TryReadHex(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            var nibble = digit switch
            {
                >= (byte)'0' and <= (byte)'9' => digit - '0',
                >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
                _ => -1,
            };
            if (nibble < 0)
            {
                return false;
            }

            value = (value << 4) | nibble;
        }

        return true;
    }

    private readonly int SkipWhitespace(int index)
    {
        while (index < text.Length && IsWhitespace(text[index]))
        {
            index++;
        }

        return index;
    }

    private bool Fail(int byteOffset, string message)
    {
        error = new JsonSyntaxError(byteOffset, message);
        return false;
    }

    /// <param name="depth">How many objects and arrays enclose the value.</param>
    private bool ScanValue(int index, int depth, out int end)
    {
        end = index;
        if (index >= text.Length)
        {
            return Fail(index, ExpectingValue);
        }

        var rest = text[index..];
        switch (rest[0])
        {
            case (byte)'"':
                return ScanString(index, out end);
            case (byte)'{' or (byte)'[' when depth == maxDepth:
                return Fail(index, $"Nesting exceeds the maximum depth of {maxDepth}");
            case (byte)'{' or (byte)'[':
                return ScanContainer(index, depth + 1, out end);
            case (byte)'n' when rest.StartsWith("null"u8):
            case (byte)'t' when rest.StartsWith("true"u8):
                end = index + 4;
                return true;
            case (byte)'f' when rest.StartsWith("false"u8):
                end = index + 5;
                return true;
            default:
                // Python also reads NaN, Infinity and -Infinity here; see the summary.
                return ScanNumber(index, out end);
        }
    }

    /// <summary>
    /// An object or an array, which <c>_parse_object_unicode</c> and <c>_parse_array_unicode</c> scan alike but
    /// for an object's keys.
    /// </summary>
    private bool ScanContainer(int open, int depth, out int end)
    {
        end = open;
        var isObject = text[open] == (byte)'{';
        var close = isObject ? (byte)'}' : (byte)']';
        var index = SkipWhitespace(open + 1);
        if (index >= text.Length || text[index] != close)
        {
            while (true)
            {
                if (isObject && !ScanKey(index, out index))
                {
                    return false;
                }

                if (!ScanValue(index, depth, out index))
                {
                    return false;
                }

                index = SkipWhitespace(index);
                if (index < text.Length && text[index] == close)
                {
                    break;
                }

                if (index >= text.Length || text[index] != (byte)',')
                {
                    return Fail(index, ExpectingComma);
                }

                var comma = index;
                index = SkipWhitespace(index + 1);
                if (index < text.Length && text[index] == close)
                {
                    return Fail(comma, isObject ? TrailingCommaInObject : TrailingCommaInArray);
                }
            }
        }

        end = index + 1;
        return true;
    }

    /// <summary>An object's key and the colon after it; <paramref name="valueStart"/> is where the value after them starts.</summary>
    private bool ScanKey(int index, out int valueStart)
    {
        valueStart = index;
        if (index >= text.Length || text[index] != (byte)'"')
        {
            return Fail(index, ExpectingPropertyName);
        }

        if (!ScanString(index, out index))
        {
            return false;
        }

        index = SkipWhitespace(index);
        if (index >= text.Length || text[index] != (byte)':')
        {
            return Fail(index, ExpectingColon);
        }

        valueStart = SkipWhitespace(index + 1);
        return true;
    }

    /// <summary>Python reports every problem inside a string at the character concerned, except its end, which it reports at the opening quote.</summary>
    private bool ScanString(int quote, out int end)
    {
        end = quote;
        var index = quote + 1;
        while (true)
        {
            for (; index < text.Length; index++)
            {
                var b = text[index];
                if (b is (byte)'"' or (byte)'\\')
                {
                    break;
                }

                if (b <= 0x1F)
                {
                    return Fail(index, ControlCharacter);
                }
            }

            if (index >= text.Length)
            {
                return Fail(quote, UnterminatedString);
            }

            if (text[index] == (byte)'"')
            {
                end = index + 1;
                return true;
            }

            var escape = ++index;
            if (escape == text.Length)
            {
                return Fail(quote, UnterminatedString);
            }

            if (text[escape] != (byte)'u')
            {
                if (!IsSimpleEscape(text[escape]))
                {
                    return Fail(escape - 1, InvalidEscape);
                }

                index = escape + 1;
                continue;
            }

            // _json.c wants a character after the four digits (there must be a closing quote) and reports a short or bad escape at its "u".
            index = escape + 5;
            if (index >= text.Length || !TryReadHex(text.Slice(escape + 1, 4), out var unit))
            {
                return Fail(escape, InvalidUnicodeEscape);
            }

            // A high surrogate followed by a second \u escape: that one's digits are checked too, though a low surrogate is not required.
            if (char.IsHighSurrogate((char)unit) && index + 6 < text.Length && text[index] == (byte)'\\' && text[index + 1] == (byte)'u')
            {
                if (!TryReadHex(text.Slice(index + 2, 4), out var low))
                {
                    return Fail(index + 1, InvalidUnicodeEscape);
                }

                if (char.IsLowSurrogate((char)low))
                {
                    index += 6;
                }
            }
        }
    }

    private bool ScanNumber(int start, out int end)
    {
        end = start;
        var index = start;
        if (text[index] == (byte)'-')
        {
            index++;
            if (index >= text.Length)
            {
                return Fail(start, ExpectingValue);
            }
        }

        if (text[index] is >= (byte)'1' and <= (byte)'9')
        {
            index++;
            while (index < text.Length && IsDigit(text[index]))
            {
                index++;
            }
        }
        else if (text[index] == (byte)'0')
        {
            index++;
        }
        else
        {
            return Fail(start, ExpectingValue);
        }

        // A fraction needs a digit after the point, an exponent at least one digit; otherwise the number ends before them.
        if (index < text.Length - 1 && text[index] == (byte)'.' && IsDigit(text[index + 1]))
        {
            index += 2;
            while (index < text.Length && IsDigit(text[index]))
            {
                index++;
            }
        }

        if (index < text.Length - 1 && text[index] is (byte)'e' or (byte)'E')
        {
            var exponent = index;
            index++;
            if (index < text.Length - 1 && text[index] is (byte)'-' or (byte)'+')
            {
                index++;
            }

            while (index < text.Length && IsDigit(text[index]))
            {
                index++;
            }

            if (!IsDigit(text[index - 1]))
            {
                index = exponent;
            }
        }

        end = index;
        return true;
    }
}
