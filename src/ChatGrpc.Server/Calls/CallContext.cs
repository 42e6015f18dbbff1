namespace ChatGrpc.Server.Calls;

/// <summary>
/// What the pipeline knows about one call, whichever transport it came through. Built by the adapter after the
/// caller was authenticated and the request read; the pipeline's steps read it and record what the adapters must
/// render beside the answer (response headers and metadata).
/// </summary>
internal sealed class CallContext
{
    private List<string>? _droppedFields;

    public CallContext(string user, string requestId, CallTransport transport, CancellationToken cancellationToken, DateTime? deadline = null, CallRecord? record = null)
    {
        User = user;
        RequestId = requestId;
        Transport = transport;
        CancellationToken = cancellationToken;
        Deadline = deadline;
        Record = record ?? new CallRecord(requestId, transport, System.Diagnostics.Stopwatch.GetTimestamp());
    }

    /// <summary>The authenticated user's configured name.</summary>
    public string User { get; }

    /// <summary>The call's request id (<c>x-request-id</c>), taken from the caller or generated.</summary>
    public string RequestId { get; }

    public CallTransport Transport { get; }

    /// <summary>Fires when the caller goes away, its deadline passes, or the server shuts down.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The caller's deadline (gRPC), in UTC; null when it set none.</summary>
    public DateTime? Deadline { get; }

    /// <summary>What the call did and cost, for its log line, metrics and overhead header.</summary>
    public CallRecord Record { get; }

    /// <summary>Request fields the serving deployment could not honour and that were dropped, as the model's settings allow.</summary>
    public IReadOnlyList<string> DroppedFields => (IReadOnlyList<string>?)_droppedFields ?? [];

    public void RecordDroppedField(string field) => (_droppedFields ??= []).Add(field);

    /// <summary>The answer's headers, where the adapters render what the pipeline recorded; null outside HTTP.</summary>
    internal Microsoft.AspNetCore.Http.IHeaderDictionary? HttpHeaders { get; init; }

    /// <summary>Cuts the call's connection (a stalled client's); null outside HTTP.</summary>
    internal Action? AbortConnection { get; init; }

    /// <summary>True once the call's connection was cut because the client stopped reading its stream.</summary>
    public bool WritesStalled { get; set; }

    /// <summary>
    /// The completion tokens of a stream's deltas, when the stream's usage was asked for and the upstream did not report
    /// it: counted once the stream is over (and as its kept text grows long), so read it after the stream's end. What a
    /// stream that ends early is charged beside its prompt.
    /// </summary>
    public int StreamedCompletionTokens { get; set; }

    /// <summary>True when the answer's usage was counted by the gateway because the upstream reported none.</summary>
    public bool UsageEstimated { get; set; }
}
