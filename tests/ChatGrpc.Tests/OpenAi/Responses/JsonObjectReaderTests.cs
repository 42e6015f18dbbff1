using System.Text;
using System.Text.Json;
using ChatGrpc.Server.OpenAi.Responses;
using Google.Protobuf.Collections;

namespace ChatGrpc.Tests.OpenAi.Responses;

/// <summary>The one loop every reader of an upstream's answer shares: rows by key, unknown keys, lists, and no allocation of its own.</summary>
public sealed class JsonObjectReaderTests
{
    private static readonly KnownProperty<Sample>[] s_rows =
    [
        new("number"u8, static (ref reader, sample) => sample.Number = JsonValues.Int32(ref reader) ?? 0),
        new("text"u8, static (ref reader, sample) => sample.Text = JsonValues.String(ref reader)),
    ];

    private static readonly JsonObjectReader<Sample> s_skipping = new(s_rows);

    private static readonly JsonObjectReader<Sample> s_collecting = new(
        s_rows,
        static (ref reader, sample) =>
        {
            sample.Unknown.Add(reader.GetString()!);
            reader.Read();
            reader.Skip();
        },
        static sample => sample.CompletedWithNumber.Add(sample.Number));

    [Fact]
    public void KnownKeys_AreReadByTheirRows_EscapedNamesToo()
    {
        var reader = StandingOnFirstToken("""{"number":7,"t\u0065xt":"hi"}""");

        var sample = s_skipping.ReadObject(ref reader);

        Assert.Equal(7, sample.Number);
        Assert.Equal("hi", sample.Text);
        AssertReadToTheEnd(ref reader);
    }

    [Fact]
    public void UnknownKeys_AreSkippedWithTheirValues_WhenNotCollected()
    {
        var reader = StandingOnFirstToken("""{"deep":{"a":[1,{"number":2}]},"number":3,"after":null}""");

        var sample = s_skipping.ReadObject(ref reader);

        Assert.Equal(3, sample.Number);
        Assert.Empty(sample.Unknown);
        AssertReadToTheEnd(ref reader);
    }

    [Fact]
    public void UnknownKeys_AreHandedOverOnTheirName_AndCompleteRunsOnceAfterTheLastKey()
    {
        var reader = StandingOnFirstToken("""{"x":{"number":9},"number":4,"y":[null]}""");

        var sample = s_collecting.ReadObject(ref reader);

        Assert.Equal(["x", "y"], sample.Unknown);
        Assert.Equal([4], sample.CompletedWithNumber);
        AssertReadToTheEnd(ref reader);
    }

    [Fact]
    public void RepeatedKey_IsReadAgain()
    {
        var reader = StandingOnFirstToken("""{"number":1,"number":2}""");

        Assert.Equal(2, s_skipping.ReadObject(ref reader).Number);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("""[1,[2,{"number":3}]]""")]
    [InlineData("\"text\"")]
    [InlineData("5")]
    public void NotAnObject_IsSkippedAndReadAsNull(string json)
    {
        var reader = StandingOnFirstToken(json);

        Assert.Null(s_skipping.Read(ref reader));
        AssertReadToTheEnd(ref reader);
    }

    [Fact]
    public void ReadList_AddsTheObjectItems_ThatKeepAccepts()
    {
        var reader = StandingOnFirstToken("""[{"number":1},null,3,"x",{"number":2},{"number":-1},[{"number":5}]]""");
        var list = new RepeatedField<Sample>();

        s_skipping.ReadList(ref reader, list, static sample => sample.Number > 0);

        Assert.Equal([1, 2], list.Select(sample => sample.Number));
        AssertReadToTheEnd(ref reader);
    }

    [Fact]
    public void ReadList_OfAnythingButAnArray_AddsNothing()
    {
        var reader = StandingOnFirstToken("""{"number":1}""");
        var list = new RepeatedField<Sample>();

        s_skipping.ReadList(ref reader, list);

        Assert.Empty(list);
        AssertReadToTheEnd(ref reader);
    }

    [Fact]
    public void ReadObject_AllocatesOnlyTheTarget()
    {
        // Known and unknown keys alike: the rows, the name lookup and the skipping allocate nothing per key.
        var json = Encoding.UTF8.GetBytes("""{"number":1,"unknown":{"a":[1,2,{"b":true}]},"n\u0075mber":2,"other":null,"number":3}""");
        _ = ReadOnce(json);
        var bytesOfTheTarget = AllocatedBytes(static () => _ = new Sample());

        var bytesOfTheRead = AllocatedBytes(() => _ = ReadOnce(json));

        Assert.Equal(bytesOfTheTarget, bytesOfTheRead);
    }

    private static Sample ReadOnce(byte[] json)
    {
        var reader = StandingOnFirstToken(json);
        return s_skipping.ReadObject(ref reader);
    }

    private static long AllocatedBytes(Action action)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static Utf8JsonReader StandingOnFirstToken(string json) => StandingOnFirstToken(Encoding.UTF8.GetBytes(json));

    private static Utf8JsonReader StandingOnFirstToken(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return reader;
    }

    // The reader is left on the value's last token: nothing of it is left to read.
    private static void AssertReadToTheEnd(ref Utf8JsonReader reader) => Assert.False(reader.Read());

    private sealed class Sample
    {
        public int Number { get; set; }

        public string? Text { get; set; }

        public List<string> Unknown { get; } = [];

        public List<int> CompletedWithNumber { get; } = [];
    }
}
