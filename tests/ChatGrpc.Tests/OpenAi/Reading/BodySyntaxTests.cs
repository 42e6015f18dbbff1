using System.Diagnostics;
using System.Text;
using ChatGrpc.Server.OpenAi;

namespace ChatGrpc.Tests.OpenAi.Reading;

/// <summary>Bodies that are not a JSON object: FastAPI's missing, json_invalid and model_attributes_type.</summary>
public class BodySyntaxTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" \r\n\t ")]
    public void EmptyBody_IsMissing(string body) =>
        ReadingAssert.Problems("""[{"type":"missing","loc":["body"],"msg":"Field required","input":null}]""", body);

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("5")]
    [InlineData("null")]
    [InlineData("true")]
    public void NonObjectBody_IsModelAttributesType(string body) =>
        ReadingAssert.Problems(
            $$"""[{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":{{body}}}]""",
            body);

    [Fact]
    public void NonObjectBody_KeepsTheDocument()
    {
        using var result = OpenAiRequestReader.Read("[1]"u8.ToArray());

        Assert.NotNull(result.Document);
    }

    [Theory]
    [InlineData("""{"model": }""", 10, "Expecting value")]
    [InlineData("""{"model": "m",}""", 14, "Illegal trailing comma before end of object")]
    [InlineData("""{"stop": ["a",]}""", 14, "Illegal trailing comma before end of array")]
    [InlineData("""{"model" "m"}""", 9, "Expecting ':' delimiter")]
    [InlineData("""{model: "m"}""", 1, "Expecting property name enclosed in double quotes")]
    [InlineData("""{"model": "m" "n": 1}""", 14, "Expecting ',' delimiter")]
    [InlineData("""{"model": "m"} x""", 15, "Extra data")]
    [InlineData("""{"model": "m""", 12, "Unterminated string starting at")]
    [InlineData("""{"model": "\q"}""", 12, "Invalid \\escape")]
    [InlineData("""{"model": "\u12G4"}""", 15, "Invalid \\uXXXX escape")]
    [InlineData("""{"n": tru}""", 9, "Expecting value")]
    [InlineData("""{"n": 01}""", 7, "Expecting ',' delimiter")]
    [InlineData("""{"n": 1""", 7, "Expecting ',' delimiter")]
    [InlineData("""{"n": 1 """, 8, "Expecting ',' delimiter")]
    [InlineData("""{""", 1, "Expecting property name enclosed in double quotes")]
    [InlineData("""{"stop": [""", 10, "Expecting value")]
    [InlineData("""{"model": "m"]""", 13, "Expecting ',' delimiter")]
    [InlineData("""// comment""", 0, "Expecting value")]
    [InlineData("""{"n": NaN}""", 6, "Expecting value")]
    public void MalformedJson_IsJsonInvalidAtTheCharacterWhereParsingStopped(string body, int offset, string error) =>
        ReadingAssert.Problems(
            $$$"""[{"type":"json_invalid","loc":["body",{{{offset}}}],"msg":"JSON decode error","input":{},"ctx":{"error":"{{{error.Replace("\\", "\\\\", StringComparison.Ordinal)}}}"}}]""",
            body);

    [Fact]
    public void ControlCharacterInString_IsJsonInvalid_WithoutEchoingIt() =>
        ReadingAssert.Problems(
            """[{"type":"json_invalid","loc":["body",11],"msg":"JSON decode error","input":{},"ctx":{"error":"Invalid control character at"}}]""",
            "{\"model\": \"\u0001\"}");

    [Fact]
    public void JsonInvalidOffset_CountsCharactersNotBytes_AcrossLines() =>
        // "é" is two bytes and "😀" four (two UTF-16 characters); the error is at the "x" on the third line.
        ReadingAssert.Problems(
            """[{"type":"json_invalid","loc":["body",26],"msg":"JSON decode error","input":{},"ctx":{"error":"Expecting value"}}]""",
            "{\n\"model\": \"é😀\",\n\"user\": x}");

    [Fact]
    public void ByteOrderMark_IsSkipped_AndOffsetsCountFromAfterIt()
    {
        var bom = new byte[] { 0xEF, 0xBB, 0xBF };
        ReadingAssert.Problems("[]", [.. bom, .. Encoding.UTF8.GetBytes(ReadingAssert.Body("\"n\": 1"))]);
        ReadingAssert.Problems(
            """[{"type":"json_invalid","loc":["body",5],"msg":"JSON decode error","input":{},"ctx":{"error":"Expecting value"}}]""",
            [.. bom, .. """{"n":}"""u8.ToArray()]);
    }

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
}
