using System.Diagnostics;
using ChatGrpc.Server.Errors;

namespace ChatGrpc.Server.Calls;

/// <summary>
/// What one call did and what it cost, filled in as it goes (by the transport's telemetry middleware, the pipeline and
/// the error renderers) and read once at its end for the log line and the metrics. Its clock separates the gateway's own
/// time from the time spent waiting for the upstream.
/// </summary>
internal sealed class CallRecord
{
    private readonly long _startedAt;
    private long _upstreamTicks;
    private long _upstreamSince;

    public CallRecord(string requestId, CallTransport transport, long startedAt)
    {
        RequestId = requestId;
        Transport = transport;
        _startedAt = startedAt;
    }

    public string RequestId { get; }

    public CallTransport Transport { get; }

    public string? User { get; set; }

    /// <summary>The model the caller asked for, as sent: never a label, and shortened before it is logged.</summary>
    public string? Model { get; set; }

    /// <summary>The model as metrics and spans name it: a served model's name, or <c>other</c> (configuration bounds the series).</summary>
    public string? ModelLabel { get; set; }

    /// <summary>The model that answered, as the answer names it.</summary>
    public string? ResponseModel { get; set; }

    /// <summary>The deployment that served the call (provider/model), when routing names one.</summary>
    public string? Deployment { get; set; }

    /// <summary>The provider kind that served the call (<c>gen_ai.provider.name</c>).</summary>
    public string? Provider { get; set; }

    public bool IsStream { get; set; }

    /// <summary>How the call failed; null while it has not.</summary>
    public ChatErrorKind? Failure { get; set; }

    /// <summary>
    /// Records how the call of <paramref name="httpContext"/> failed, when it is a call with a record: the REST and gRPC
    /// error renderers call this as they answer, so the log line and metrics name the kind that was rendered.
    /// </summary>
    public static void RecordFailure(HttpContext httpContext, ChatErrorKind kind)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (httpContext.Features.Get<CallRecord>() is { } record)
        {
            record.Failure = kind;
        }
    }

    public long? InputTokens { get; set; }

    public long? OutputTokens { get; set; }

    /// <summary>Prompt tokens the upstream served from its cache (part of <see cref="InputTokens"/>).</summary>
    public long? CachedInputTokens { get; set; }

    /// <summary>The price of the deployment that answered; null when it has none (the call is unpriced).</summary>
    public TokenPrice? Price { get; set; }

    /// <summary>What the call cost in US dollars (0 when unpriced or nothing was used).</summary>
    public decimal Cost { get; set; }

    /// <summary>True when the tokens behind <see cref="Cost"/> were counted by the gateway, the upstream reporting none.</summary>
    public bool CostEstimated { get; set; }

    public IReadOnlyList<string>? FinishReasons { get; set; }

    /// <summary>The <see cref="Stopwatch"/> timestamp of the first chunk, for streams.</summary>
    public long? FirstChunkAt { get; set; }

    public long StartedAt => _startedAt;

    public void UpstreamWaitStarted() => _upstreamSince = Stopwatch.GetTimestamp();

    public void UpstreamWaitEnded()
    {
        if (_upstreamSince != 0)
        {
            _upstreamTicks += Stopwatch.GetTimestamp() - _upstreamSince;
            _upstreamSince = 0;
        }
    }

    /// <summary>Time since the call started.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_startedAt);

    /// <summary>The gateway's own time so far: everything but the time spent waiting for the upstream.</summary>
    public TimeSpan Overhead
    {
        get
        {
            var now = Stopwatch.GetTimestamp();
            var waiting = _upstreamTicks + (_upstreamSince == 0 ? 0 : now - _upstreamSince);
            return Stopwatch.GetElapsedTime(_startedAt, now - waiting);
        }
    }
}
