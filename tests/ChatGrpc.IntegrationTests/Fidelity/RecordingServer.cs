namespace ChatGrpc.IntegrationTests.Fidelity;

/// <summary>Tests that share the server with the recording provider; they run one at a time, so each may clear the recording.</summary>
[CollectionDefinition(Name)]
public sealed class RecordingServer : ICollectionFixture<RecordingServerFixture>
{
    public const string Name = "recording server";
}
