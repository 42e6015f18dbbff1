using ChatGrpc.Server.Access;

namespace ChatGrpc.Tests.Access;

public sealed class RateLimitHeadersTests
{
    [Theory]
    [InlineData(0, "0ms")]
    [InlineData(20, "20ms")]
    [InlineData(999.2, "1s")]
    [InlineData(1000, "1s")]
    [InlineData(1500, "1.5s")]
    [InlineData(59_750, "59.75s")]
    [InlineData(60_000, "1m0s")]
    [InlineData(360_000, "6m0s")]
    [InlineData(86_399_000, "23h59m59s")]
    public void Duration_IsWrittenAsOpenAiWritesIt(double milliseconds, string expected) =>
        Assert.Equal(expected, RateLimitHeaders.Duration(TimeSpan.FromMilliseconds(milliseconds)));
}
