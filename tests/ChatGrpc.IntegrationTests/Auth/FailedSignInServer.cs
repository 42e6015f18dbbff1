namespace ChatGrpc.IntegrationTests.Auth;

/// <summary>Latency under attack is measured with no other test class running beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FailedSignInServer : ICollectionFixture<FailedSignInServerFixture>
{
    public const string Name = "failed sign-ins";
}
