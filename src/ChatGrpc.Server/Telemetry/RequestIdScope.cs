using System.Collections;

namespace ChatGrpc.Server.Telemetry;

/// <summary>
/// The logging scope of a call: every log line written while it runs carries <c>RequestId</c>. A struct, so that it is
/// boxed only by a logger factory that keeps scopes; with <c>Logging:CaptureScopes=false</c> it costs the call nothing.
/// </summary>
internal readonly struct RequestIdScope(string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new("RequestId", requestId) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "RequestId:" + requestId;
}
