namespace ChatGrpc.Tests.OpenAi.Reading;

/// <summary>Pydantic's lax mode (errors.md): which JSON values each scalar kind accepts and how the rest are refused.</summary>
public class LaxScalarTests
{
    [Theory]
    [InlineData("0.5", 0.5)]
    [InlineData("2", 2.0)]
    [InlineData("-0", 0.0)]
    [InlineData("true", 1.0)]
    [InlineData("false", 0.0)]
    [InlineData("\"0.5\"", 0.5)]
    [InlineData("\" 1.5\\n\"", 1.5)]
    [InlineData("\"-3\"", -3.0)]
    [InlineData("\"1e-1\"", 0.1)]
    [InlineData("\".5\"", 0.5)]
    [InlineData("\"1_000.5\"", 1000.5)]
    [InlineData("1e-400", 0.0)]
    public void NumberField_AcceptsNumbersBooleansAndNumericStrings(string json, double expected) =>
        Assert.Equal(expected, ReadingAssert.Valid(ReadingAssert.Body($"\"temperature\": {json}")).Temperature);

    [Theory]
    [InlineData("1e400", double.MaxValue)]
    [InlineData("-1e400", double.MinValue)]
    [InlineData("\"1e400\"", double.MaxValue)]
    [InlineData("1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", double.MaxValue)]
    public void NumberBeyondDouble_BecomesTheLargestFiniteDouble(string json, double expected) =>
        Assert.Equal(expected, ReadingAssert.Valid(ReadingAssert.Body($"\"top_p\": {json}")).TopP);

    [Theory]
    [InlineData("\"warm\"")]
    [InlineData("\"infinite\"")]
    [InlineData("\"na\"")]
    [InlineData("\"1,5\"")]
    [InlineData("\"\"")]
    [InlineData("\"1__0\"")]
    [InlineData("\"_1\"")]
    public void NumberField_RefusesOtherStrings_WithFloatParsing(string json) =>
        ReadingAssert.Problems(
            $$"""[{"type":"float_parsing","loc":["body","temperature"],"msg":"Input should be a valid number, unable to parse string as a number","input":{{json}}}]""",
            ReadingAssert.Body($"\"temperature\": {json}"));

    [Theory]
    [InlineData("[]")]
    [InlineData("[1]")]
    [InlineData("{}")]
    public void NumberField_RefusesOtherKinds_WithFloatType(string json) =>
        ReadingAssert.Problems(
            $$"""[{"type":"float_type","loc":["body","presence_penalty"],"msg":"Input should be a valid number","input":{{json}}}]""",
            ReadingAssert.Body($"\"presence_penalty\": {json}"));

    [Theory]
    [InlineData("3", 3L)]
    [InlineData("-7", -7L)]
    [InlineData("3.0", 3L)]
    [InlineData("1e2", 100L)]
    [InlineData("-0.0", 0L)]
    [InlineData("true", 1L)]
    [InlineData("false", 0L)]
    [InlineData("\"3\"", 3L)]
    [InlineData("\" +3 \"", 3L)]
    [InlineData("\"-12\"", -12L)]
    [InlineData("\"3.00\"", 3L)]
    [InlineData("\"3.\"", 3L)]
    [InlineData("\"1_000\"", 1000L)]
    [InlineData("\"007\"", 7L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("\"9223372036854775807\"", long.MaxValue)]
    public void IntegerField_AcceptsIntegersWholeFloatsBooleansAndIntegerStrings(string json, long expected) =>
        Assert.Equal(expected, ReadingAssert.Valid(ReadingAssert.Body($"\"seed\": {json}")).Seed);

    [Theory]
    [InlineData("3.5")]
    [InlineData("-0.1")]
    [InlineData("1.55e1")]
    public void IntegerField_RefusesFractions_WithIntFromFloat(string json) =>
        ReadingAssert.Problems(
            $$"""[{"type":"int_from_float","loc":["body","n"],"msg":"Input should be a valid integer, got a number with a fractional part","input":{{json}}}]""",
            ReadingAssert.Body($"\"n\": {json}"));

    [Theory]
    [InlineData("\"three\"")]
    [InlineData("\"3.5\"")]
    [InlineData("\"3e2\"")]
    [InlineData("\"\"")]
    [InlineData("\"+\"")]
    [InlineData("\"1__000\"")]
    [InlineData("\"1_000.0\"")]
    [InlineData("\".0\"")]
    public void IntegerField_RefusesOtherStrings_WithIntParsing(string json) =>
        ReadingAssert.Problems(
            $$"""[{"type":"int_parsing","loc":["body","max_tokens"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":{{json}}}]""",
            ReadingAssert.Body($"\"max_tokens\": {json}"));

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"n\": 1}")]
    public void IntegerField_RefusesOtherKinds_WithIntType(string json) =>
        ReadingAssert.Problems(
            $$"""[{"type":"int_type","loc":["body","max_completion_tokens"],"msg":"Input should be a valid integer","input":{{json}}}]""",
            ReadingAssert.Body($"\"max_completion_tokens\": {json}"));

    [Theory]
    [InlineData("\"inf\"", double.MaxValue)]
    [InlineData("\" +Infinity \"", double.MaxValue)]
    [InlineData("\"-inf\"", double.MinValue)]
    [InlineData("\"-INFINITY\"", double.MinValue)]
    [InlineData("\"NaN\"", double.NaN)]
    public void NumberField_ReadsInfAndNanStrings_AsRustsFloatSyntaxDoes(string json, double expected) =>
        Assert.Equal(expected, ReadingAssert.Valid(ReadingAssert.Body($"\"temperature\": {json}")).Temperature);

    [Theory]
    [InlineData("1e19")]
    [InlineData("-1e19")]
    [InlineData("9.3e18")]
    [InlineData("1e400")]
    public void FloatBeyondInt64ForAnInteger_IsIntParsingSize(string json) =>
        ReadingAssert.Problems(
            $$"""[{"type":"int_parsing_size","loc":["body","seed"],"msg":"Unable to parse input string as an integer, exceeded maximum size","input":{{json}}}]""",
            ReadingAssert.Body($"\"seed\": {json}"));

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("\"9223372036854775808\"")]
    [InlineData("123456789012345678901234567890")]
    public void IntegerAboveInt64_IsRefusedWithItsBound(string json) =>
        ReadingAssert.Problems(
            $$$"""[{"type":"less_than_equal","loc":["body","seed"],"msg":"Input should be less than or equal to 9223372036854775807","input":{{{json}}},"ctx":{"le":9223372036854775807}}]""",
            ReadingAssert.Body($"\"seed\": {json}"));

    [Theory]
    [InlineData("-9223372036854775809")]
    [InlineData("\"-9223372036854775809\"")]
    public void IntegerBelowInt64_IsRefusedWithItsBound(string json) =>
        ReadingAssert.Problems(
            $$$"""[{"type":"greater_than_equal","loc":["body","seed"],"msg":"Input should be greater than or equal to -9223372036854775808","input":{{{json}}},"ctx":{"ge":-9223372036854775808}}]""",
            ReadingAssert.Body($"\"seed\": {json}"));

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("1.0", true)]
    [InlineData("\"1\"", true)]
    [InlineData("\"0\"", false)]
    [InlineData("\"t\"", true)]
    [InlineData("\"F\"", false)]
    [InlineData("\"y\"", true)]
    [InlineData("\"n\"", false)]
    [InlineData("\"Yes\"", true)]
    [InlineData("\"no\"", false)]
    [InlineData("\"ON\"", true)]
    [InlineData("\"off\"", false)]
    [InlineData("\"True\"", true)]
    [InlineData("\"FALSE\"", false)]
    public void BooleanField_AcceptsBooleansZeroOneAndWords(string json, bool expected) =>
        Assert.Equal(expected, ReadingAssert.Valid(ReadingAssert.Body($"\"stream\": {json}")).Stream);

    [Theory]
    [InlineData("2")]
    [InlineData("2.0")]
    [InlineData("-1")]
    [InlineData("\"maybe\"")]
    [InlineData("\" yes\"")]
    [InlineData("\"2\"")]
    [InlineData("\"\"")]
    public void BooleanField_RefusesOtherNumbersAndStrings_WithBoolParsing(string json) =>
        ReadingAssert.Problems(
            $$"""[{"type":"bool_parsing","loc":["body","logprobs"],"msg":"Input should be a valid boolean, unable to interpret input","input":{{json}}}]""",
            ReadingAssert.Body($"\"logprobs\": {json}"));

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("0.5")]
    [InlineData("1e300")]
    public void BooleanField_RefusesOtherKinds_WithBoolType(string json) =>
        ReadingAssert.Problems(
            $$"""[{"type":"bool_type","loc":["body","store"],"msg":"Input should be a valid boolean","input":{{json}}}]""",
            ReadingAssert.Body($"\"store\": {json}"));

    [Theory]
    [InlineData("5")]
    [InlineData("true")]
    [InlineData("[\"u\"]")]
    [InlineData("{}")]
    public void StringField_TakesOnlyStrings(string json) =>
        ReadingAssert.Problems(
            $$"""[{"type":"string_type","loc":["body","user"],"msg":"Input should be a valid string","input":{{json}}}]""",
            ReadingAssert.Body($"\"user\": {json}"));

    [Fact]
    public void NullOnRequiredString_IsAKindError() =>
        ReadingAssert.Problems(
            """[{"type":"string_type","loc":["body","model"],"msg":"Input should be a valid string","input":null}]""",
            """{"model": null, "messages": [{"role": "user", "content": "hi"}]}""");

    [Fact]
    public void NestedScalars_AreReadLaxlyToo()
    {
        var request = ReadingAssert.Valid(ReadingAssert.Body("""
            "stream_options": {"include_usage": "yes", "include_obfuscation": 0},
            "logit_bias": {"1": "5", "2": 3.0, "3": true},
            "tools": [{"type": "function", "function": {"name": "f", "strict": "off"}}]
            """));

        Assert.True(request.StreamOptions.IncludeUsage);
        Assert.False(request.StreamOptions.IncludeObfuscation);
        Assert.Equal(new Dictionary<string, long> { ["1"] = 5, ["2"] = 3, ["3"] = 1 }, request.LogitBias);
        Assert.False(request.Tools[0].Function.Strict);
    }
}
