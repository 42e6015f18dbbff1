using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.Auth;

namespace ChatGrpc.IntegrationTests.Auth;

/// <summary>
/// The gateway with API keys: <see cref="Key"/> for the test user, <see cref="ExpiredKey"/> (expired in 2020), and
/// <see cref="LimitedKey"/> for <see cref="LimitedUser"/>, who may call no model the gateway serves. The test user is
/// an administrator. Keys are made fresh for each run, as <c>create-api-key</c> makes them.
/// </summary>
public sealed class ApiKeyServerFixture : ChatGrpcServerFixture
{
    public const string KeyName = "ci";
    public const string LimitedUser = "limited";

    public static readonly string Key = ApiKey.Create();
    public static readonly string ExpiredKey = ApiKey.Create();
    public static readonly string LimitedKey = ApiKey.Create();

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        [$"ChatGrpc:Auth:Users:{LimitedUser}"] = HashOf(Password),
        ["ChatGrpc:Auth:Admins:0"] = UserName,
        [$"ChatGrpc:Auth:ApiKeys:{KeyName}:User"] = UserName,
        [$"ChatGrpc:Auth:ApiKeys:{KeyName}:Hash"] = ApiKeyHash.Of(Key).Encode(),
        ["ChatGrpc:Auth:ApiKeys:old:User"] = UserName,
        ["ChatGrpc:Auth:ApiKeys:old:Hash"] = ApiKeyHash.Of(ExpiredKey).Encode(),
        ["ChatGrpc:Auth:ApiKeys:old:ExpiresAt"] = "2020-01-01T00:00:00Z",
        ["ChatGrpc:Auth:ApiKeys:limited-key:User"] = LimitedUser,
        ["ChatGrpc:Auth:ApiKeys:limited-key:Hash"] = ApiKeyHash.Of(LimitedKey).Encode(),
        [$"ChatGrpc:Access:Users:{LimitedUser}:Models:0"] = "some-other-model",
    };

    public static string Bearer(string key) => "Bearer " + key;
}
