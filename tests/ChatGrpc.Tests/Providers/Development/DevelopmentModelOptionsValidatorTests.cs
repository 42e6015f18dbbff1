using ChatGrpc.Server.Providers.Development;

namespace ChatGrpc.Tests.Providers.Development;

public sealed class DevelopmentModelOptionsValidatorTests
{
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.050")]
    [InlineData("1.00:00:00")]
    public void TokenDelay_FromZeroToADay_IsAccepted(string delay) =>
        Assert.True(new DevelopmentModelOptionsValidator().Validate(null, new DevelopmentModelOptions { TokenDelay = TimeSpan.Parse(delay, System.Globalization.CultureInfo.InvariantCulture) }).Succeeded);

    [Theory]
    [InlineData("-00:00:00.001")]
    [InlineData("1.00:00:00.001")]
    public void TokenDelay_OutOfRange_IsRefusedByName_NotClamped(string delay)
    {
        var result = new DevelopmentModelOptionsValidator().Validate(null, new DevelopmentModelOptions { TokenDelay = TimeSpan.Parse(delay, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.StartsWith("ChatGrpc:Development:TokenDelay is ", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }
}
