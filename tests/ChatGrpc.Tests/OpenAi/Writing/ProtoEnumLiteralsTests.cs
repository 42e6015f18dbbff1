using ChatGrpc.Server.OpenAi.Writing;
using ChatGrpc.V1;

namespace ChatGrpc.Tests.OpenAi.Writing;

public class ProtoEnumLiteralsTests
{
    [Fact]
    public void Literals_AreValueNamesWithoutPrefixInLowerCase()
    {
        string[] written =
        [
            WrittenJson.Of(writer => OpenAiEnumLiterals.FinishReason.WriteValue(writer, (int)FinishReason.ToolCalls)),
            WrittenJson.Of(writer => OpenAiEnumLiterals.FinishReason.WriteValue(writer, (int)FinishReason.ContentFilter)),
            WrittenJson.Of(writer => OpenAiEnumLiterals.ServiceTier.WriteValue(writer, (int)ServiceTier.Default)),
            WrittenJson.Of(writer => OpenAiEnumLiterals.AudioFormat.WriteValue(writer, (int)AudioFormat.Pcm16)),
            WrittenJson.Of(writer => OpenAiEnumLiterals.InputAudioFormat.WriteValue(writer, (int)InputAudioFormat.Mp3)),
            WrittenJson.Of(writer => OpenAiEnumLiterals.ReasoningEffort.WriteValue(writer, (int)ReasoningEffort.Xhigh)),
            WrittenJson.Of(writer => OpenAiEnumLiterals.ChatRole.WriteValue(writer, (int)ChatRole.Developer)),
        ];

        Assert.Equal(["\"tool_calls\"", "\"content_filter\"", "\"default\"", "\"pcm16\"", "\"mp3\"", "\"xhigh\"", "\"developer\""], written);
    }

    [Fact]
    public void ZeroValue_HasNoLiteralAndIsWrittenAsNull()
    {
        Assert.False(OpenAiEnumLiterals.FinishReason.TryGet(0, out _));
        Assert.Equal("null", WrittenJson.Of(writer => OpenAiEnumLiterals.FinishReason.WriteValue(writer, 0)));
    }

    [Fact]
    public void UnknownNumber_IsWrittenAsTheNumber()
    {
        Assert.Equal("42", WrittenJson.Of(writer => OpenAiEnumLiterals.ServiceTier.WriteValue(writer, 42)));
        Assert.Equal("-1", WrittenJson.Of(writer => OpenAiEnumLiterals.ServiceTier.WriteValue(writer, -1)));
    }

    [Fact]
    public void EveryEnumOfTheContract_HasALiteralForEachNonZeroValue()
    {
        foreach (var descriptor in ChatReflection.Descriptor.EnumTypes)
        {
            var literals = new ProtoEnumLiterals(descriptor);
            var prefix = descriptor.FindValueByNumber(0).Name.Replace("UNSPECIFIED", "", StringComparison.Ordinal);
            foreach (var value in descriptor.Values.Where(value => value.Number != 0))
            {
                Assert.True(literals.TryGet(value.Number, out var literal), value.Name);
                Assert.Equal(value.Name, prefix + literal.Value.ToUpperInvariant());
                Assert.Equal(literal.Value.ToLowerInvariant(), literal.Value);
            }
        }
    }
}
