using ChatGrpc.Server.OpenAi.Writing;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Tests.OpenAi.Writing;

public class ProtoStructJsonTests
{
    [Fact]
    public void NestedStruct_WritesPlainJsonObject()
    {
        var value = new Struct
        {
            Fields =
            {
                ["s"] = Value.ForString("x"),
                ["b"] = Value.ForBool(false),
                ["n"] = Value.ForNull(),
                ["unset"] = new Value(),
                ["list"] = Value.ForList(Value.ForNumber(1), Value.ForList(), Value.ForStruct(new Struct())),
                ["object"] = Value.ForStruct(new Struct { Fields = { ["inner"] = Value.ForList(Value.ForString("y")) } }),
            },
        };

        WrittenJson.AssertEqual(
            """{ "s": "x", "b": false, "n": null, "unset": null, "list": [ 1, [], {} ], "object": { "inner": [ "y" ] } }""",
            WrittenJson.Of(writer => ProtoStructJson.WriteStruct(writer, value)));
    }

    [Theory]
    [InlineData(3d, "3")]
    [InlineData(-7d, "-7")]
    [InlineData(0d, "0")]
    [InlineData(2.5d, "2.5")]
    [InlineData(0.1d, "0.1")]
    [InlineData(9007199254740992d, "9007199254740992")]
    [InlineData(-9007199254740992d, "-9007199254740992")]
    [InlineData(1e15d, "1000000000000000")]
    [InlineData(1e16d, "10000000000000000")]
    [InlineData(1e300d, "1E+300")]
    [InlineData(double.NaN, "\"NaN\"")]
    [InlineData(double.PositiveInfinity, "\"Infinity\"")]
    [InlineData(double.NegativeInfinity, "\"-Infinity\"")]
    public void Number_WritesWholeNumbersWithinDoublePrecisionAsIntegers(double number, string expected)
    {
        Assert.Equal(expected, WrittenJson.Of(writer => ProtoStructJson.WriteValue(writer, Value.ForNumber(number))));
    }
}
