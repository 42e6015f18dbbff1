using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ChatGrpc.Server.OpenAi;

namespace ChatGrpc.Tests.OpenAi.Reading;

/// <summary>Bodies that are not a JSON object: FastAPI's missing, json_invalid and model_attributes_type.</summary>
public class BodySyntaxTests
{
    [Fact]
    public void EmptyBody_IsMissing() =>
        ReadingAssert.Problems("""[{"type":"missing","loc":["body"],"msg":"Field required","input":null}]""", "");

    [Theory]
    [InlineData("   ", 3)]
    [InlineData(" \r\n\t ", 5)]
    public void WhitespaceOnlyBody_IsJsonInvalid_ExpectingValueAfterTheWhitespace(string body, int offset) =>
        // FastAPI treats only a body of no bytes as missing; json.loads reads past the whitespace and finds no value.
        ReadingAssert.Problems(JsonInvalid(offset, "Expecting value"), body);

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("5")]
    [InlineData("true")]
    public void NonObjectBody_IsModelAttributesType(string body) =>
        ReadingAssert.Problems(
            $$"""[{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":{{body}}}]""",
            body);

    [Theory]
    [InlineData("null")]
    [InlineData(" null\n")]
    public void NullBody_IsAMissingBody_AsFastApiReadsIt(string body) =>
        ReadingAssert.Problems("""[{"type":"missing","loc":["body"],"msg":"Field required","input":null}]""", body);

    [Fact]
    public void NonObjectBody_KeepsTheDocument()
    {
        using var result = OpenAiRequestReader.Read("[1]"u8.ToArray());

        Assert.NotNull(result.Document);
    }

    // Every expected message and offset below is what CPython 3.13's json.loads raises (JSONDecodeError.msg and .pos).
    [Theory]
    [InlineData("""{"model": "m""", 10)]
    [InlineData("""{"model": "m\""", 10)]
    [InlineData("""{"model": "m\"}""", 10)]
    [InlineData("""{"model": "é😀 long enough""", 10)]
    public void UnterminatedString_IsReportedAtItsOpeningQuote(string body, int offset) =>
        ReadingAssert.Problems(JsonInvalid(offset, "Unterminated string starting at"), body);

    [Theory]
    [InlineData("""{"model": "m",}""", 13, "object")]
    [InlineData("""{"model": "m" , }""", 14, "object")]
    [InlineData("""{"stop": ["a",]}""", 13, "array")]
    [InlineData("{\"stop\": [\"a\" ,\n]}", 14, "array")]
    public void TrailingComma_IsReportedAtTheComma(string body, int offset, string container) =>
        ReadingAssert.Problems(JsonInvalid(offset, $"Illegal trailing comma before end of {container}"), body);

    [Theory]
    [InlineData("nul", 0)]
    [InlineData("True", 0)]
    [InlineData("""{"n": tru}""", 6)]
    [InlineData("""{"n": nul}""", 6)]
    [InlineData("""{"n": fals}""", 6)]
    [InlineData("""{"stop": [truth]}""", 10)]
    public void MisspeltLiteral_IsExpectingValueAtItsFirstCharacter(string body, int offset) =>
        ReadingAssert.Problems(JsonInvalid(offset, "Expecting value"), body);

    [Theory]
    [InlineData("""{"n": 01}""", 7, "Expecting ',' delimiter")]
    [InlineData("""{"n": 1.}""", 7, "Expecting ',' delimiter")]
    [InlineData("""{"n": 1e}""", 7, "Expecting ',' delimiter")]
    [InlineData("""{"n": -}""", 6, "Expecting value")]
    [InlineData("""{"n": .5}""", 6, "Expecting value")]
    [InlineData("""{"n": +1}""", 6, "Expecting value")]
    public void MalformedNumber_EndsWhereItsGrammarDoes(string body, int offset, string error) =>
        ReadingAssert.Problems(JsonInvalid(offset, error), body);

    [Theory]
    [InlineData("""{"model": "\q"}""", 11, "Invalid \\escape")]
    [InlineData("""{"model": "\u12G4"}""", 12, "Invalid \\uXXXX escape")]
    [InlineData("""{"model": "\u12"}""", 12, "Invalid \\uXXXX escape")]
    [InlineData("""{"model": "\ud800\u12G4"}""", 18, "Invalid \\uXXXX escape")]
    [InlineData("{\"model\": \"\u0001\"}", 11, "Invalid control character at")]
    [InlineData("{\"model\": \"a\tb\"}", 12, "Invalid control character at")]
    public void BadCharacterInString_IsReportedAtTheEscapeOrCharacter_WithoutEchoingIt(string body, int offset, string error) =>
        ReadingAssert.Problems(JsonInvalid(offset, error), body);

    [Theory]
    [InlineData("""{"model": }""", 10, "Expecting value")]
    [InlineData("""{"a": [}""", 7, "Expecting value")]
    [InlineData("""[1,,]""", 3, "Expecting value")]
    [InlineData("""{"stop": [""", 10, "Expecting value")]
    [InlineData("""// comment""", 0, "Expecting value")]
    [InlineData("""{"model" "m"}""", 9, "Expecting ':' delimiter")]
    [InlineData("""{model: "m"}""", 1, "Expecting property name enclosed in double quotes")]
    [InlineData("""{'a': 1}""", 1, "Expecting property name enclosed in double quotes")]
    [InlineData("""{"a" : 1 ,, "b": 2}""", 10, "Expecting property name enclosed in double quotes")]
    [InlineData("""{""", 1, "Expecting property name enclosed in double quotes")]
    [InlineData("""{"model": "m" "n": 1}""", 14, "Expecting ',' delimiter")]
    [InlineData("""{"model": "m"]""", 13, "Expecting ',' delimiter")]
    [InlineData("""{"n": 1""", 7, "Expecting ',' delimiter")]
    [InlineData("""{"n": 1 """, 8, "Expecting ',' delimiter")]
    [InlineData("""{"model": "m"} x""", 15, "Extra data")]
    [InlineData("""{"model": "m"}}""", 14, "Extra data")]
    [InlineData("""{"model": "m"},""", 14, "Extra data")]
    public void MalformedJson_IsJsonInvalid_WithPythonsMessageAndOffset(string body, int offset, string error) =>
        ReadingAssert.Problems(JsonInvalid(offset, error), body);

    // CPython's own expectations for json.loads (Lib/test/test_json/test_fail.py, 3.13: test_truncated_input,
    // test_unexpected_data, test_extra_data); the bodies are not objects, but the reader must fail them the same way.
    [Theory]
    [InlineData("[", 1, "Expecting value")]
    [InlineData("[42", 3, "Expecting ',' delimiter")]
    [InlineData("[42,", 4, "Expecting value")]
    [InlineData("[\"", 1, "Unterminated string starting at")]
    [InlineData("[\"spam", 1, "Unterminated string starting at")]
    [InlineData("[\"spam\"", 7, "Expecting ',' delimiter")]
    [InlineData("[\"spam\",", 8, "Expecting value")]
    [InlineData("{\"", 1, "Unterminated string starting at")]
    [InlineData("{\"spam", 1, "Unterminated string starting at")]
    [InlineData("{\"spam\"", 7, "Expecting ':' delimiter")]
    [InlineData("{\"spam\":", 8, "Expecting value")]
    [InlineData("{\"spam\":42", 10, "Expecting ',' delimiter")]
    [InlineData("{\"spam\":42,", 11, "Expecting property name enclosed in double quotes")]
    [InlineData("\"", 0, "Unterminated string starting at")]
    [InlineData("\"spam", 0, "Unterminated string starting at")]
    [InlineData("[,", 1, "Expecting value")]
    [InlineData("{\"spam\":[}", 9, "Expecting value")]
    [InlineData("[42:", 3, "Expecting ',' delimiter")]
    [InlineData("[42 \"spam\"", 4, "Expecting ',' delimiter")]
    [InlineData("[42,]", 3, "Illegal trailing comma before end of array")]
    [InlineData("{\"spam\":[42}", 11, "Expecting ',' delimiter")]
    [InlineData("[\"]", 1, "Unterminated string starting at")]
    [InlineData("[\"spam\":", 7, "Expecting ',' delimiter")]
    [InlineData("[\"spam\",]", 7, "Illegal trailing comma before end of array")]
    [InlineData("{:", 1, "Expecting property name enclosed in double quotes")]
    [InlineData("{,", 1, "Expecting property name enclosed in double quotes")]
    [InlineData("{42", 1, "Expecting property name enclosed in double quotes")]
    [InlineData("[{]", 2, "Expecting property name enclosed in double quotes")]
    [InlineData("{\"spam\",", 7, "Expecting ':' delimiter")]
    [InlineData("{\"spam\"}", 7, "Expecting ':' delimiter")]
    [InlineData("[{\"spam\"]", 8, "Expecting ':' delimiter")]
    [InlineData("{\"spam\":}", 8, "Expecting value")]
    [InlineData("[{\"spam\":]", 9, "Expecting value")]
    [InlineData("{\"spam\":42 \"ham\"", 11, "Expecting ',' delimiter")]
    [InlineData("[{\"spam\":42]", 11, "Expecting ',' delimiter")]
    [InlineData("{\"spam\":42,}", 10, "Illegal trailing comma before end of object")]
    [InlineData("{\"spam\":42 , }", 11, "Illegal trailing comma before end of object")]
    [InlineData("[123  , ]", 6, "Illegal trailing comma before end of array")]
    [InlineData("[]]", 2, "Extra data")]
    [InlineData("{}}", 2, "Extra data")]
    [InlineData("[],[]", 2, "Extra data")]
    [InlineData("{},{}", 2, "Extra data")]
    [InlineData("42,\"spam\"", 2, "Extra data")]
    [InlineData("\"spam\",42", 6, "Extra data")]
    [InlineData("!", 0, "Expecting value")]
    [InlineData(" !", 1, "Expecting value")]
    [InlineData("\n!", 1, "Expecting value")]
    [InlineData("\n  \n\n     !", 10, "Expecting value")]
    public void CPythonTestVectors_AreJsonInvalidAlike(string body, int offset, string error) =>
        ReadingAssert.Problems(JsonInvalid(offset, error), body);

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void NonFiniteConstant_IsExpectingValueAtItsFirstCharacter(string token) =>
        // Python's json reads these, but they are not JSON and System.Text.Json cannot hold them.
        ReadingAssert.Problems(JsonInvalid(6, "Expecting value"), $$"""{"n": {{token}}}""");

    [Fact]
    public void JsonInvalidOffset_CountsCharactersNotBytes_AcrossLines() =>
        // "é" is two bytes and "😀" four, but Python counts each as one character; the error is at the "x" on the third line.
        ReadingAssert.Problems(JsonInvalid(25, "Expecting value"), "{\n\"model\": \"é😀\",\n\"user\": x}");

    [Fact]
    public void ByteOrderMark_IsSkipped_AndOffsetsCountFromAfterIt()
    {
        var bom = new byte[] { 0xEF, 0xBB, 0xBF };
        ReadingAssert.Problems("[]", [.. bom, .. Encoding.UTF8.GetBytes(ReadingAssert.Body("\"n\": 1"))]);
        ReadingAssert.Problems(JsonInvalid(5, "Expecting value"), [.. bom, .. """{"n":}"""u8.ToArray()]);
        ReadingAssert.Problems(JsonInvalid(2, "Expecting value"), [.. bom, .. "  "u8.ToArray()]);
    }

    [Fact]
    public void ByteOrderMarkAlone_IsJsonInvalid_NotMissing() =>
        // The body has bytes, so FastAPI hands it to json.loads, which decodes it as utf-8-sig to nothing.
        ReadingAssert.Problems(JsonInvalid(0, "Expecting value"), [0xEF, 0xBB, 0xBF]);

    [Fact]
    public void InvalidUtf8InsideAString_IsJsonInvalidAtThatCharacter()
    {
        // {"model": "é then a lone continuation byte, then "}.
        byte[] body = [.. """{"model": "é"""u8.ToArray(), 0x80, .. "\"}"u8.ToArray()];

        ReadingAssert.Problems(
            """[{"type":"json_invalid","loc":["body",12],"msg":"JSON decode error","input":{},"ctx":{"error":"Invalid UTF-8 encoding"}}]""",
            body);
    }

    [Fact]
    public void TruncatedUtf8Sequence_IsJsonInvalid()
    {
        byte[] body = [.. """{"model": "m", "user": """u8.ToArray(), (byte)'"', 0xE2, 0x82, (byte)'"', (byte)'}'];

        ReadingAssert.Problems(
            """[{"type":"json_invalid","loc":["body",24],"msg":"JSON decode error","input":{},"ctx":{"error":"Invalid UTF-8 encoding"}}]""",
            body);
    }

    [Theory]
    [InlineData("[")]
    [InlineData("{\"a\":")]
    public void DeepNesting_IsJsonInvalidQuickly_WithoutOverflowingTheStack(string opener)
    {
        var body = string.Concat(Enumerable.Repeat(opener, 10_000));
        var stopwatch = Stopwatch.StartNew();

        using var result = OpenAiRequestReader.Read(Encoding.UTF8.GetBytes(body));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");
        var problem = Assert.Single(result.Problems);
        Assert.Equal("json_invalid", problem.Type);
        Assert.Equal(
            $$$"""[{"type":"json_invalid","loc":["body",{{{64 * opener.Length}}}],"msg":"JSON decode error","input":{},"ctx":{"error":"Nesting exceeds the maximum depth of 64"}}]""",
            ReadingAssert.Render(result.Problems));
        Assert.Null(result.Document);
    }

    [Fact]
    public void NestingWithinTheLimit_IsRead()
    {
        var schema = string.Concat(Enumerable.Repeat("{\"a\":", 60)) + "1" + new string('}', 60);

        var request = ReadingAssert.Valid(ReadingAssert.Body($$$"""
            "tools": [{"type": "function", "function": {"name": "f", "parameters": {{{schema}}}}}]
            """));

        var depth = 0;
        for (var level = request.Tools[0].Function.Parameters; level.Fields.TryGetValue("a", out var inner) && inner.StructValue is { } next; level = next)
        {
            depth++;
        }

        Assert.Equal(59, depth);
    }

    /// <summary>The one problem FastAPI reports for a body json.loads rejects; <paramref name="error"/> as Python words it.</summary>
    private static string JsonInvalid(int offset, string error) =>
        $$$"""[{"type":"json_invalid","loc":["body",{{{offset}}}],"msg":"JSON decode error","input":{},"ctx":{"error":{{{JsonSerializer.Serialize(error)}}}}}]""";
}
