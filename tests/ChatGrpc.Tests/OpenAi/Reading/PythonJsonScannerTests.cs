using System.Text;
using System.Text.Json;
using ChatGrpc.Server.OpenAi.Reading;

namespace ChatGrpc.Tests.OpenAi.Reading;

/// <summary>
/// The scanner runs only after System.Text.Json has rejected a body, and must then find an error: so it must read
/// every body System.Text.Json reads. The reader's tests (<see cref="BodySyntaxTests"/>) check the errors it finds.
/// </summary>
public class PythonJsonScannerTests
{
    [Theory]
    [InlineData("""{"model": "m", "messages": [{"role": "user", "content": "hi"}]}""")]
    [InlineData(" \t\r\n{ \"a\" : [ 1 , -0 , 2.5e-3 , 10E+2 , 0.0 , 1e5 , -12.75E1 ] , \"b\" : { } , \"c\" : [ ] } \n")]
    [InlineData("""["\"\\\/\b\f\n\r\t", "\u00e9\uD83D\uDE00", "lone \ud800", "\ud800\u0041", "\udc00", "é😀"]""")]
    [InlineData("""[true, false, null, "", 0, [[[]]], {"": {"": null}}]""")]
    [InlineData("\"just a string\"")]
    [InlineData("42")]
    public void BodyBothParsersRead_HasNoError(string body)
    {
        var utf8 = Encoding.UTF8.GetBytes(body);
        using var document = JsonDocument.Parse(utf8);

        Assert.Null(PythonJsonScanner.FindError(utf8, 64));
    }

    [Fact]
    public void NestingUpToTheLimit_IsRead_AndOneLevelMoreIsAnErrorAtItsBracket()
    {
        var atTheLimit = Encoding.UTF8.GetBytes(new string('[', 64) + new string(']', 64));
        var pastTheLimit = Encoding.UTF8.GetBytes("{\"a\":" + new string('[', 64) + new string(']', 64) + "}");

        Assert.Null(PythonJsonScanner.FindError(atTheLimit, 64));
        Assert.Equal(new JsonSyntaxError(5 + 63, "Nesting exceeds the maximum depth of 64"), PythonJsonScanner.FindError(pastTheLimit, 64));
    }

    [Fact]
    public void Offsets_AreInBytes_ForTheReaderToCountCharacters() =>
        Assert.Equal(new JsonSyntaxError(11, "Expecting value"), PythonJsonScanner.FindError("{\"é😀\": x}"u8, 64));
}
