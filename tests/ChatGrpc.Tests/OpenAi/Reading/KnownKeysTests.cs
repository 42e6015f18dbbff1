using System.Text.Json;
using ChatGrpc.Server.OpenAi.Reading;

namespace ChatGrpc.Tests.OpenAi.Reading;

/// <summary>The keys of an object, looked up by name and length, and their values picked out of an object.</summary>
public class KnownKeysTests
{
    private static readonly KnownKeys Keys = new(["n", "top_p", "model", "stream", "tools"]);

    [Fact]
    public void IndexOf_GivesEachNamesPosition_AndMinusOneForOthers()
    {
        Assert.Equal([0, 1, 2, 3, 4], new[] { "n"u8.ToArray(), "top_p"u8.ToArray(), "model"u8.ToArray(), "stream"u8.ToArray(), "tools"u8.ToArray() }.Select(name => Keys.IndexOf(name)));
        Assert.Equal(-1, Keys.IndexOf("modes"u8));
        Assert.Equal(-1, Keys.IndexOf(""u8));
        Assert.Equal(-1, Keys.IndexOf("a key longer than any known"u8));
        Assert.True(Keys.Contains("stream"u8));
        Assert.False(Keys.Contains("Stream"u8));
    }

    [Fact]
    public void Collect_PutsTheLastValueOfEachKnownKeyAtItsPosition_AndLeavesAbsentKeysUndefined()
    {
        using var document = JsonDocument.Parse("""{"model": "a", "other": 1, "n": 2, "model": "b", "mo\u0064el": "c"}""");
        var values = new JsonElement[Keys.Count];

        Keys.Collect(document.RootElement, values);

        Assert.Equal(["2", "", "\"c\"", "", ""], values.Select(static value => value.ValueKind == JsonValueKind.Undefined ? "" : value.GetRawText()));
    }
}
