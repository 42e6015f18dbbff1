using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ChatGrpc.Server.Validation;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// Turns the body into a <see cref="JsonDocument"/>, or into the one problem FastAPI reports for a body it
/// cannot decode: <c>missing</c> for an empty body, <c>json_invalid</c> at the character where decoding stopped.
/// </summary>
internal static class JsonBodyParser
{
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth };

    private static readonly JsonElement Null = JsonDocument.Parse("null").RootElement.Clone();

    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> Whitespace => " \t\r\n"u8;

    /// <returns>The document, which reads from <paramref name="body"/> without copying it; null when <paramref name="problem"/> says why not.</returns>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> body, out ValidationProblem? problem)
    {
        // Python decodes a body that starts with a byte order mark as utf-8-sig, so offsets count from after it.
        if (body.Span.StartsWith(ByteOrderMark))
        {
            body = body[ByteOrderMark.Length..];
        }

        var json = body.Span;
        if (!json.ContainsAnyExcept(Whitespace))
        {
            problem = PydanticErrors.Missing([], Null);
            return null;
        }

        if (!Utf8.IsValid(json))
        {
            problem = PydanticErrors.JsonInvalid(CharactersBeforeInvalidUtf8(json), "Invalid UTF-8 encoding");
            return null;
        }

        try
        {
            problem = null;
            return JsonDocument.Parse(body, Options);
        }
        catch (JsonException exception)
        {
            var byteOffset = ByteOffset(json, exception.LineNumber ?? 0, exception.BytePositionInLine ?? 0);
            problem = PydanticErrors.JsonInvalid(Encoding.UTF8.GetCharCount(json[..byteOffset]), JsonSyntaxErrors.Describe(exception, json[..byteOffset]));
            return null;
        }
    }

    /// <summary>The reader counts lines at <c>\n</c> only, and bytes within the line.</summary>
    private static int ByteOffset(ReadOnlySpan<byte> json, long lineNumber, long bytePositionInLine)
    {
        var lineStart = 0;
        for (long line = 0; line < lineNumber; line++)
        {
            var newline = json[lineStart..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            lineStart += newline + 1;
        }

        return (int)Math.Min(json.Length, lineStart + bytePositionInLine);
    }

    private static int CharactersBeforeInvalidUtf8(ReadOnlySpan<byte> json)
    {
        var characters = 0;
        while (System.Buffers.OperationStatus.Done == Rune.DecodeFromUtf8(json, out var rune, out var consumed))
        {
            characters += rune.Utf16SequenceLength;
            json = json[consumed..];
        }

        return characters;
    }
}
