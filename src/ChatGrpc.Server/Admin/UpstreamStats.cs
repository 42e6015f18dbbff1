using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Routing;

namespace ChatGrpc.Server.Admin;

/// <summary>
/// Routing's attempts as the operator's page shows them: a <see cref="DeploymentWindow"/> per deployment (one per
/// configured deployment, so their number is fixed by the configuration), and for each call in flight the deployments
/// that failed it, dropped with the call.
/// </summary>
internal sealed class UpstreamStats(TimeProvider timeProvider) : IUpstreamObserver
{
    private readonly ConcurrentDictionary<Deployment, DeploymentWindow> _windows = new(ReferenceEqualityComparer.Instance);
    private readonly ConditionalWeakTable<CallRecord, FailedDeployments> _failedByCall = [];

    public void AttemptEnded(CallContext call, Deployment deployment, Exception? failure, TimeSpan elapsed, bool streaming)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(deployment);
        ChatErrorKind? kind = failure switch
        {
            null => null,
            ChatCompletionException known => known.Kind,
            _ => ChatErrorKind.Internal,
        };
        var rateLimited = failure is ChatCompletionException { UpstreamStatus: 429 };
        WindowOf(deployment).AttemptEnded(timeProvider.GetUtcNow(), kind, rateLimited, elapsed, streaming);
        if (kind is not null && kind != ChatErrorKind.ClientClosed)
        {
            _failedByCall.GetOrAdd(call.Record, static _ => new FailedDeployments()).Add(deployment.Label);
        }
    }

    public void StreamEnded(Deployment deployment, TimeSpan elapsed) =>
        WindowOf(deployment).StreamEnded(timeProvider.GetUtcNow(), elapsed);

    /// <summary>The deployment's figures now; zeros for one never called.</summary>
    public DeploymentFigures Read(Deployment deployment) => WindowOf(deployment).Read(timeProvider.GetUtcNow());

    /// <summary>The deployments that failed <paramref name="record"/>'s call, in order.</summary>
    public IReadOnlyList<string> FailedDeployments(CallRecord record) =>
        _failedByCall.TryGetValue(record, out var failed) ? failed.Labels : [];

    private DeploymentWindow WindowOf(Deployment deployment) => _windows.GetOrAdd(deployment, static _ => new DeploymentWindow());
}
