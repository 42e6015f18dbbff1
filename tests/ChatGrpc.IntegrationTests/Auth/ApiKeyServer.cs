namespace ChatGrpc.IntegrationTests.Auth;

/// <summary>Tests that share the gateway with API keys.</summary>
[CollectionDefinition(Name)]
public sealed class ApiKeyServer : ICollectionFixture<ApiKeyServerFixture>
{
    public const string Name = "api keys";
}
