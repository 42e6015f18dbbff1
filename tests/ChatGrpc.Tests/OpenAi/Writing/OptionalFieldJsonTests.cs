using System.Text.Json;
using ChatGrpc.Server.OpenAi.Writing;
using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

namespace ChatGrpc.Tests.OpenAi.Writing;

public class OptionalFieldJsonTests
{
    private static string InObject(Action<Utf8JsonWriter> write) => WrittenJson.Of(writer =>
    {
        writer.WriteStartObject();
        write(writer);
        writer.WriteEndObject();
    });

    [Fact]
    public void ScalarsIfSet_WriteOnlyTheSetOnes()
    {
        var written = InObject(writer =>
        {
            writer.WriteStringIfSet("user"u8, isSet: true, "u");
            writer.WriteStringIfSet("name"u8, isSet: false, "");
            writer.WriteBooleanIfSet("store"u8, isSet: true, value: false);
            writer.WriteBooleanIfSet("stream"u8, isSet: false, value: false);
            writer.WriteNumberIfSet("seed"u8, isSet: true, value: 0L);
            writer.WriteNumberIfSet("n"u8, isSet: false, value: 0L);
            writer.WriteNumberIfSet("temperature"u8, isSet: true, value: 0.5d);
            writer.WriteNumberIfSet("top_p"u8, isSet: false, value: 0d);
        });

        Assert.Equal("""{"user":"u","store":false,"seed":0,"temperature":0.5}""", written);
    }

    [Theory]
    [InlineData(2d, "2")]
    [InlineData(0.7d, "0.7")]
    [InlineData(-0d, "0")]
    [InlineData(1e15d, "1000000000000000")]
    public void WriteNumberIfSet_Double_WritesTheCodecsNumberForm(double value, string expected)
    {
        Assert.Equal($$"""{"temperature":{{expected}}}""", InObject(writer => writer.WriteNumberIfSet("temperature"u8, isSet: true, value)));
    }

    [Fact]
    public void WriteEnumIfSet_WritesTheLiteral_OnlyWhenSet()
    {
        var written = InObject(writer =>
        {
            writer.WriteEnumIfSet(EnumLiteralTables.ServiceTier, "service_tier"u8, isSet: true, (int)ServiceTier.Flex);
            writer.WriteEnumIfSet(EnumLiteralTables.Verbosity, "verbosity"u8, isSet: false, (int)Verbosity.Low);
        });

        Assert.Equal("""{"service_tier":"flex"}""", written);
    }

    [Fact]
    public void WriteIfPresent_CallsTheWriterOnlyForAPresentMessage()
    {
        var written = InObject(writer =>
        {
            writer.WriteIfPresent(new StreamOptions { IncludeUsage = true }, static (writer, options) => writer.WriteBoolean("include_usage"u8, options.IncludeUsage));
            writer.WriteIfPresent<StreamOptions>(null, static (writer, _) => writer.WriteNull("never"u8));
        });

        Assert.Equal("""{"include_usage":true}""", written);
    }

    [Fact]
    public void WriteObjectIfPresent_WrapsTheFieldsInAnObject_OnlyForAPresentMessage()
    {
        var written = InObject(writer =>
        {
            writer.WriteObjectIfPresent("stream_options"u8, new StreamOptions(), static (writer, options) => writer.WriteBoolean("include_usage"u8, options.IncludeUsage));
            writer.WriteObjectIfPresent<StreamOptions>("audio"u8, null, static (writer, _) => writer.WriteNull("never"u8));
        });

        Assert.Equal("""{"stream_options":{"include_usage":false}}""", written);
    }

    [Fact]
    public void WriteStringOrNull_WritesNullForAnUnsetField()
    {
        var written = InObject(writer =>
        {
            writer.WriteStringOrNull("content"u8, isSet: true, "Hi");
            writer.WriteStringOrNull("refusal"u8, isSet: false, "");
        });

        Assert.Equal("""{"content":"Hi","refusal":null}""", written);
    }
}
