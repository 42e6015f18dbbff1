namespace ChatGrpc.Server.Calls;

/// <summary>A call's context and the token source behind its cancellation, released when the call ends.</summary>
internal readonly struct CallScope(CallContext call, CancellationTokenSource cancellation) : IDisposable
{
    public CallContext Call { get; } = call;

    public void Dispose() => cancellation.Dispose();
}
