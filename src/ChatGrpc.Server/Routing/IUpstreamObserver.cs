using ChatGrpc.Server.Calls;

namespace ChatGrpc.Server.Routing;

/// <summary>
/// Told where each upstream attempt ends, for figures that outlive the call (the operator's page). Called on the
/// request path: an implementation records and returns, never blocks, never throws.
/// </summary>
internal interface IUpstreamObserver
{
    /// <summary>
    /// One attempt at <paramref name="deployment"/> ended: a unary call with its answer or failure; a stream with its
    /// first chunk (then <see cref="StreamEnded"/> follows) or its failure before it.
    /// </summary>
    /// <param name="failure">Null when the deployment answered.</param>
    /// <param name="elapsed">From the attempt's start.</param>
    void AttemptEnded(CallContext call, Deployment deployment, Exception? failure, TimeSpan elapsed, bool streaming);

    /// <summary>A stream whose first chunk had arrived ended (whole, failed or abandoned), <paramref name="elapsed"/> after its attempt started.</summary>
    void StreamEnded(Deployment deployment, TimeSpan elapsed);
}
