namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>The managed memory of the test process (which hosts the server) when a test class starts, after a full collection.</summary>
public sealed class MemoryBaseline
{
    public long ManagedBytes { get; } = GC.GetTotalMemory(forceFullCollection: true);
}
