namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>Steps back out of a location entered with <see cref="JsonReadContext.Enter(string)"/>; a struct, so <c>using</c> costs nothing.</summary>
internal readonly struct LocationScope(JsonReadContext context) : IDisposable
{
    public void Dispose() => context.Leave();
}
