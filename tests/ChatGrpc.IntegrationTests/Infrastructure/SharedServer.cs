namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>Tests that share one running server.</summary>
[CollectionDefinition(Name)]
public sealed class SharedServer : ICollectionFixture<ChatGrpcServerFixture>
{
    public const string Name = "server";
}
