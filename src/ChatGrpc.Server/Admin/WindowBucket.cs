using ChatGrpc.Server.Errors;

namespace ChatGrpc.Server.Admin;

/// <summary>What one deployment did during one slice of <see cref="DeploymentWindow"/>'s window.</summary>
internal sealed class WindowBucket
{
    /// <summary>Which slice of time (its start in seconds, divided by the slice's length) the counts are for.</summary>
    public long Slice { get; set; } = -1;

    public int Calls { get; set; }

    public int Errors { get; set; }

    public int RateLimited { get; set; }

    /// <summary>Failed attempts by <see cref="ChatErrorKind"/>, indexed by the kind's value.</summary>
    public int[] ErrorsByKind { get; } = new int[ChatErrors.All.Count];

    public LatencyBins Latency { get; } = new();

    public LatencyBins FirstChunk { get; } = new();

    public void Reset(long slice)
    {
        Slice = slice;
        Calls = 0;
        Errors = 0;
        RateLimited = 0;
        Array.Clear(ErrorsByKind);
        Latency.Clear();
        FirstChunk.Clear();
    }
}
