using System.Text.Json;
using ChatGrpc.Server.Validation;
using ChatGrpc.Tests.OpenAi.Writing;
using ChatGrpc.V1;

namespace ChatGrpc.Tests.Validation;

public class EnumLiteralTableTests
{
    [Fact]
    public void Literals_AreValueNamesWithoutPrefixInLowerCase()
    {
        string[] written =
        [
            WrittenJson.Of(writer => EnumLiteralTables.FinishReason.WriteValue(writer, (int)FinishReason.ToolCalls)),
            WrittenJson.Of(writer => EnumLiteralTables.FinishReason.WriteValue(writer, (int)FinishReason.ContentFilter)),
            WrittenJson.Of(writer => EnumLiteralTables.ServiceTier.WriteValue(writer, (int)ServiceTier.Default)),
            WrittenJson.Of(writer => EnumLiteralTables.AudioFormat.WriteValue(writer, (int)AudioFormat.Pcm16)),
            WrittenJson.Of(writer => EnumLiteralTables.InputAudioFormat.WriteValue(writer, (int)InputAudioFormat.Mp3)),
            WrittenJson.Of(writer => EnumLiteralTables.ReasoningEffort.WriteValue(writer, (int)ReasoningEffort.Xhigh)),
            WrittenJson.Of(writer => EnumLiteralTables.ChatRole.WriteValue(writer, (int)ChatRole.Developer)),
        ];

        Assert.Equal(["\"tool_calls\"", "\"content_filter\"", "\"default\"", "\"pcm16\"", "\"mp3\"", "\"xhigh\"", "\"developer\""], written);
    }

    [Fact]
    public void ZeroValue_HasNoLiteralAndIsWrittenAsNull()
    {
        Assert.False(EnumLiteralTables.FinishReason.TryGet(0, out _));
        Assert.Equal("null", WrittenJson.Of(writer => EnumLiteralTables.FinishReason.WriteValue(writer, 0)));
    }

    [Fact]
    public void UnknownNumber_IsWrittenAsTheNumber()
    {
        Assert.Equal("42", WrittenJson.Of(writer => EnumLiteralTables.ServiceTier.WriteValue(writer, 42)));
        Assert.Equal("-1", WrittenJson.Of(writer => EnumLiteralTables.ServiceTier.WriteValue(writer, -1)));
    }

    [Fact]
    public void EveryEnumOfTheContract_HasALiteralForEachNonZeroValue()
    {
        foreach (var descriptor in ChatReflection.Descriptor.EnumTypes)
        {
            var literals = EnumLiteralTables.For(descriptor);
            var prefix = descriptor.FindValueByNumber(0).Name.Replace("UNSPECIFIED", "", StringComparison.Ordinal);
            foreach (var value in descriptor.Values.Where(value => value.Number != 0))
            {
                Assert.True(literals.TryGet(value.Number, out var literal), value.Name);
                Assert.Equal(value.Name, prefix + literal.Value.ToUpperInvariant());
                Assert.Equal(literal.Value.ToLowerInvariant(), literal.Value);
            }
        }
    }

    [Fact]
    public void OneTable_ReadsWritesAndListsTheSameLiterals()
    {
        using var document = JsonDocument.Parse("\"max\"");

        Assert.True(EnumLiteralTables.ReasoningEffort.TryMatch(document.RootElement, out var number));
        Assert.Equal((int)ReasoningEffort.Max, number);
        Assert.Equal("max", EnumLiteralTables.ReasoningEffort.LiteralOf(number));
        Assert.Equal(["none", "minimal", "low", "medium", "high", "xhigh", "max"], EnumLiteralTables.ReasoningEffort.Literals);
        Assert.Equal(["auto", "default", "flex", "scale", "priority", "fast"], EnumLiteralTables.ServiceTier.Literals);
    }

    [Theory]
    [InlineData("\"\\u006dax\"", true)]
    [InlineData("\"\\udc00\"", false)]
    [InlineData("\"ma\\ud800x\"", false)]
    [InlineData("\"MAX\"", false)]
    public void EscapedStrings_MatchByTheirText_AndLoneSurrogatesMatchNothing(string json, bool matches)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(matches, EnumLiteralTables.ReasoningEffort.TryMatch(document.RootElement, out var number));
        Assert.Equal(matches ? (int)ReasoningEffort.Max : 0, number);
    }
}
