namespace ChatGrpc.Server.UsageRecords;

/// <summary>
/// Whether the usage database's schema is in place: the writer prepares it in the background after start-up, and a
/// report asked for meanwhile waits for it a little instead of failing on a missing table.
/// </summary>
internal sealed class UsageSchemaReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Ready() => _ready.TrySetResult();

    /// <summary>True once the schema is ready; false when it is not within <paramref name="patience"/>.</summary>
    public async Task<bool> WaitAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        try
        {
            await _ready.Task.WaitAsync(patience, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
