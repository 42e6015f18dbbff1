namespace ChatGrpc.LoadClient;

/// <summary>An observation that calls back once, when its stream's first chunk arrives.</summary>
internal sealed class FirstChunkSignal(Action onFirstChunk) : CallObservation
{
    public override void OnFirstChunk(long at)
    {
        base.OnFirstChunk(at);
        onFirstChunk();
    }
}
