namespace ChatGrpc.IntegrationTests.Providers;

/// <summary>Tests that share the gateway in front of the mock upstream; they run one at a time, so each may reset the mock's recording.</summary>
[CollectionDefinition(Name)]
public sealed class UpstreamServer : ICollectionFixture<UpstreamServerFixture>
{
    public const string Name = "upstream server";
}
