namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>
/// Tests that measure the process (its memory, how fast a cancellation travels) run with no other test class beside
/// them, so that other tests' work does not show in their figures.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "measured alone";
}
