using ChatGrpc.Server.UsageRecords;
using Microsoft.Extensions.Configuration;

namespace ChatGrpc.Tests.UsageRecords;

public sealed class UsageOptionsValidatorTests
{
    private static readonly IConfiguration s_configuration = new ConfigurationBuilder().Build();

    [Theory]
    [InlineData("00:00:01")]
    [InlineData("06:00:00")]
    [InlineData("7.00:00:00")]
    public void PruneInterval_FromOneSecondToSevenDays_Passes(string interval)
    {
        var options = new UsageOptions { PruneInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.True(new UsageOptionsValidator(s_configuration).Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("00:00:00", "ChatGrpc:Usage:PruneInterval is 00:00:00: expected 00:00:01 to 7.00:00:00 (default 06:00:00).")]
    [InlineData("00:00:00.5000000", "ChatGrpc:Usage:PruneInterval is 00:00:00.5000000: expected 00:00:01 to 7.00:00:00 (default 06:00:00).")]
    [InlineData("7.00:00:01", "ChatGrpc:Usage:PruneInterval is 7.00:00:01: expected 00:00:01 to 7.00:00:00 (default 06:00:00).")]
    public void PruneInterval_OutOfRange_IsRefusedNamingTheKey(string interval, string expected)
    {
        var options = new UsageOptions { PruneInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal([expected], new UsageOptionsValidator(s_configuration).Validate(null, options).Failures);
    }

    [Fact]
    public void PruneInterval_DefaultsToSixHours() => Assert.Equal(TimeSpan.FromHours(6), new UsageOptions().PruneInterval);
}
