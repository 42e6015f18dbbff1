using ChatGrpc.Server.OpenAi.Reading;
using Google.Protobuf.Collections;

namespace ChatGrpc.Tests.OpenAi.Reading;

/// <summary>JSON objects read as proto maps, whatever the values' kind.</summary>
public class MapReaderTests
{
    [Fact]
    public void UnreadableValue_KeepsItsKeyWithTheStandIn_AndOnlyTheLastOfARepeatedKeyIsJudged()
    {
        var (map, problems) = Read("""{"a": "1", "b": "x", "c": [], "c": 3}""");

        Assert.Equal(new Dictionary<string, long> { ["a"] = 1, ["b"] = -1, ["c"] = 3 }, map);
        Assert.Equal("""[{"type":"int_parsing","loc":["body","b"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"x"}]""", problems);
    }

    [Fact]
    public void NotAnObject_IsDictType()
    {
        var (map, problems) = Read("[]");

        Assert.Empty(map);
        Assert.Equal("""[{"type":"dict_type","loc":["body"],"msg":"Input should be a valid dictionary","input":[]}]""", problems);
    }

    private static (MapField<string, long> Map, string Problems) Read(string json) =>
        ReadingAssert.ReadPart(json, static (value, context) =>
        {
            var map = new MapField<string, long>();
            MapReader.Read(value, context, map, LaxScalars.TryReadInt64, unreadable: -1);
            return map;
        });
}
