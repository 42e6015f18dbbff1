using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Access;

/// <summary>Settings of a gateway that counts limits in a test's Redis, under a key prefix of the test's own.</summary>
internal static class SharedLimitsSettings
{
    public const string User = "limited";
    public const string Password = "a password for the shared limits tests";

    public static Dictionary<string, string?> For(RedisServer redis, string keyPrefix, string policy = "Closed", params (string Key, string Value)[] access)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ChatGrpc:Access:Store"] = "Redis",
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["ChatGrpc:Access:RedisFailure"] = policy,
            ["ChatGrpc:Access:RedisKeyPrefix"] = keyPrefix,
            [$"ChatGrpc:Auth:Users:{User}"] = ChatGrpcServerFixture.HashOf(Password),
        };
        foreach (var (key, value) in access)
        {
            settings[$"ChatGrpc:Access:Users:{User}:{key}"] = value;
        }

        return settings;
    }

    public static string NewKeyPrefix() => $"test-{Guid.NewGuid():N}:";
}
