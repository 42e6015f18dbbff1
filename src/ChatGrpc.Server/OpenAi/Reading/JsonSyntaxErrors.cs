using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// Says what was wrong with a body that is not JSON, in the words of Python's json module (which FastAPI
/// quotes in <c>ctx.error</c>), and never with the body's own content: .NET's messages quote the offending
/// characters and end with the position, so they are not passed on.
/// </summary>
internal static class JsonSyntaxErrors
{
    private const string ExpectingValue = "Expecting value";
    private const string ExpectingDelimiter = "Expecting ',' delimiter";
    private const string ExpectingPropertyName = "Expecting property name enclosed in double quotes";

    // Fragments of System.Text.Json's messages (its ExceptionResource strings), each with Python's word for it.
    private static readonly (string Fragment, string Description)[] Descriptions =
    [
        ("maximum configured depth", $"Nesting exceeds the maximum depth of {JsonBodyParser.MaxDepth}"),
        ("is an invalid start of a value", ExpectingValue),
        ("is an invalid JSON literal", ExpectingValue),
        ("is invalid within a number", ExpectingValue),
        ("Expected a value, but instead reached end of data", ExpectingValue),
        ("Expected start of a property name or value, but instead reached end of data", ExpectingValue),
        ("does not contain any JSON tokens", ExpectingValue),
        ("is an invalid start of a property name", ExpectingPropertyName),
        ("is invalid after a property name", "Expecting ':' delimiter"),
        ("is invalid after a value", ExpectingDelimiter),
        ("is an invalid end of a number", ExpectingDelimiter),
        ("Invalid leading zero", ExpectingDelimiter),
        ("is invalid without a matching open", ExpectingDelimiter),
        ("is invalid after a single JSON value", "Extra data"),
        ("Expected end of string, but instead reached end of data", "Unterminated string starting at"),
        ("is invalid within a JSON string", "Invalid control character at"),
        ("is an invalid escapable character within a JSON string", "Invalid \\escape"),
        ("is not a hex digit following", "Invalid \\uXXXX escape"),
        ("JSON object contains a trailing comma", "Illegal trailing comma before end of object"),
        ("JSON array contains a trailing comma", "Illegal trailing comma before end of array"),
    ];

    /// <param name="consumed">The body up to where the parser stopped.</param>
    public static string Describe(JsonException exception, ReadOnlySpan<byte> consumed)
    {
        var message = exception.Message;
        foreach (var (fragment, description) in Descriptions)
        {
            if (message.Contains(fragment, StringComparison.Ordinal))
            {
                return description;
            }
        }

        if (message.Contains("Expected depth to be zero", StringComparison.Ordinal))
        {
            return DescribeUnclosed(consumed);
        }

        return "Invalid JSON";
    }

    /// <summary>The body ended inside an object or array: say what Python would have expected next.</summary>
    private static string DescribeUnclosed(ReadOnlySpan<byte> consumed)
    {
        var last = consumed.LastIndexOfAnyExcept(" \t\r\n"u8);
        return last < 0 ? ExpectingValue : consumed[last] switch
        {
            (byte)'{' => ExpectingPropertyName,
            (byte)'[' or (byte)':' or (byte)',' => ExpectingValue,
            _ => ExpectingDelimiter,
        };
    }
}
