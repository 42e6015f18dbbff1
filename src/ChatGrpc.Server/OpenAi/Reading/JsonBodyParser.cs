using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ChatGrpc.Server.Validation;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// Turns the body into a <see cref="JsonDocument"/>, or into the one problem FastAPI reports for a body it
/// cannot decode: <c>missing</c> for an empty body, <c>json_invalid</c> with the message and character offset of
/// Python's <c>json.loads</c>.
/// </summary>
internal static class JsonBodyParser
{
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth };

    private static readonly JsonElement Null = JsonDocument.Parse("null").RootElement.Clone();

    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <returns>The document, which reads from <paramref name="body"/> without copying it; null when <paramref name="problem"/> says why not.</returns>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> body, out ValidationProblem? problem)
    {
        // FastAPI treats only a body of no bytes at all as absent; anything else, blank or a lone byte order mark, goes to json.loads.
        if (body.IsEmpty)
        {
            problem = PydanticErrors.Missing([], Null);
            return null;
        }

        // Python decodes a body that starts with a byte order mark as utf-8-sig, so offsets count from after it.
        if (body.Span.StartsWith(ByteOrderMark))
        {
            body = body[ByteOrderMark.Length..];
        }

        var json = body.Span;
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
            // Where System.Text.Json stopped is not where Python points, so the body is read again Python's way.
            var error = PythonJsonScanner.FindError(json, MaxDepth)
                ?? throw new InvalidOperationException("System.Text.Json rejected a body that Python's json reads.", exception);
            problem = PydanticErrors.JsonInvalid(CharactersBefore(json, error.ByteOffset), error.Message);
            return null;
        }
    }

    /// <summary>Python's offsets count characters (code points), so a character outside the BMP counts once.</summary>
    private static int CharactersBefore(ReadOnlySpan<byte> json, int byteOffset)
    {
        var characters = 0;
        foreach (var b in json[..byteOffset])
        {
            // Every byte but a continuation byte (10xxxxxx) starts a character.
            if ((b & 0xC0) != 0x80)
            {
                characters++;
            }
        }

        return characters;
    }

    private static int CharactersBeforeInvalidUtf8(ReadOnlySpan<byte> json)
    {
        var characters = 0;
        while (System.Buffers.OperationStatus.Done == Rune.DecodeFromUtf8(json, out _, out var consumed))
        {
            characters++;
            json = json[consumed..];
        }

        return characters;
    }
}
