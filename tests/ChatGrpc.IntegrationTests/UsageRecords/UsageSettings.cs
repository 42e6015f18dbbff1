using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.IntegrationTests.Providers;

namespace ChatGrpc.IntegrationTests.UsageRecords;

/// <summary>
/// A gateway with priced models on a <see cref="MockUpstream"/> (whose <c>ok</c> answer reports 11 prompt tokens, 3 of
/// them cached, and 5 completion tokens), two users and an admin.
/// </summary>
internal static class UsageSettings
{
    public const string Alice = "alice";
    public const string Bob = "bob";
    public const string Admin = "boss";
    public const string Password = "a password for the usage tests";

    /// <summary>Input 2.50, cached input 1.25, output 10 USD per million tokens.</summary>
    public const string Priced = "priced";

    /// <summary>The same upstream with the model's price, but a deployment price for input of 5 USD per million.</summary>
    public const string Overridden = "overridden";

    /// <summary>No price: its calls cost 0 and are reported unpriced.</summary>
    public const string Unpriced = "unpriced";

    /// <summary>What one unary <c>ok</c> answer costs at <see cref="Priced"/>: 8 × 2.50 + 3 × 1.25 + 5 × 10 per million.</summary>
    public const decimal PricedUnaryCost = 0.00007375m;

    /// <summary>The same at <see cref="Overridden"/>: 8 × 5 + 3 × 1.25 + 5 × 10 per million.</summary>
    public const decimal OverriddenUnaryCost = 0.00009375m;

    public static Dictionary<string, string?> For(MockUpstream upstream, params (string Key, string? Value)[] extra)
    {
        var hash = ChatGrpcServerFixture.HashOf(Password);
        var settings = new Dictionary<string, string?>
        {
            ["ChatGrpc:Providers:mock:Kind"] = "OpenAI",
            ["ChatGrpc:Providers:mock:BaseUrl"] = upstream.BaseAddress.ToString().TrimEnd('/') + "/v1",
            ["ChatGrpc:Models:0:Name"] = Priced,
            ["ChatGrpc:Models:0:Deployments:0:Provider"] = "mock",
            ["ChatGrpc:Models:0:Deployments:0:Model"] = "ok",
            ["ChatGrpc:Models:0:Price:InputPerMillionTokens"] = "2.50",
            ["ChatGrpc:Models:0:Price:CachedInputPerMillionTokens"] = "1.25",
            ["ChatGrpc:Models:0:Price:OutputPerMillionTokens"] = "10",
            ["ChatGrpc:Models:1:Name"] = Overridden,
            ["ChatGrpc:Models:1:Deployments:0:Provider"] = "mock",
            ["ChatGrpc:Models:1:Deployments:0:Model"] = "ok",
            ["ChatGrpc:Models:1:Deployments:0:Price:InputPerMillionTokens"] = "5",
            ["ChatGrpc:Models:1:Price:InputPerMillionTokens"] = "2.50",
            ["ChatGrpc:Models:1:Price:CachedInputPerMillionTokens"] = "1.25",
            ["ChatGrpc:Models:1:Price:OutputPerMillionTokens"] = "10",
            ["ChatGrpc:Models:2:Name"] = Unpriced,
            ["ChatGrpc:Models:2:Deployments:0:Provider"] = "mock",
            ["ChatGrpc:Models:2:Deployments:0:Model"] = "ok",
            [$"ChatGrpc:Auth:Users:{Alice}"] = hash,
            [$"ChatGrpc:Auth:Users:{Bob}"] = hash,
            [$"ChatGrpc:Auth:Users:{Admin}"] = hash,
            ["ChatGrpc:Auth:Admins:0"] = Admin,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    public static async Task<GatewayInstance> StartAsync(Dictionary<string, string?> settings)
    {
        var instance = new GatewayInstance(settings);
        await instance.InitializeAsync();
        return instance;
    }
}
