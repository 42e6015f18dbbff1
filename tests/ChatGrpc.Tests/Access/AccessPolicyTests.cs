using ChatGrpc.Server.Access;

namespace ChatGrpc.Tests.Access;

public sealed class AccessPolicyTests
{
    [Fact]
    public void UserEntries_WinKeyByKey_AndFallBackToTheDefault()
    {
        var options = new AccessOptions { Default = new UserAccessOptions { RequestsPerMinute = 10, TokensPerDay = 5000 } };
        options.Default.Models.Add("small");
        options.Users["alice"] = new UserAccessOptions { RequestsPerMinute = 100 };
        options.Users["bob"] = new UserAccessOptions();
        options.Users["bob"].Models.Add("*");

        var policy = new AccessPolicy(options);

        Assert.Equal(new UsageLimits(100, null, 5000), policy.For("alice").Limits);
        Assert.True(policy.For("alice").MayCall("small"));
        Assert.False(policy.For("alice").MayCall("large"));
        Assert.True(policy.For("bob").MayCall("large"));
        Assert.Equal(new UsageLimits(10, null, 5000), policy.For("someone").Limits);
        Assert.False(policy.For("someone").MayCall("large"));
    }

    [Fact]
    public void NoModelsAnywhere_MeansEveryModel()
    {
        var policy = new AccessPolicy(new AccessOptions());

        Assert.True(policy.For("anyone").MayCall("whatever"));
        Assert.False(policy.For("anyone").Limits.Any);
    }

    [Fact]
    public void Validator_NamesEveryBadKey()
    {
        var options = new AccessOptions { Default = new UserAccessOptions { TokensPerMinute = 0 }, DefaultCompletionTokenReservation = -1 };
        options.Users["carol"] = new UserAccessOptions { RequestsPerMinute = -5 };
        options.Users["carol"].Models.Add(" ");

        var result = new AccessOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "ChatGrpc:Access:Default:TokensPerMinute must be positive (leave it out for no limit); it is 0.",
                "ChatGrpc:Access:Users:carol:Models:0 is empty; name a model, or * for all.",
                "ChatGrpc:Access:Users:carol:RequestsPerMinute must be positive (leave it out for no limit); it is -5.",
                "ChatGrpc:Access:DefaultCompletionTokenReservation must not be negative.",
            ],
            result.Failures);
    }
}
