using System.Diagnostics;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Telemetry;

namespace ChatGrpc.Server.Routing;

/// <summary>
/// What is told about each upstream attempt: a client span (a child of the call's), the attempts metric, the
/// <see cref="IUpstreamObserver"/> behind the operator's page, and on success the call record's deployment and price.
/// </summary>
internal sealed class AttemptTelemetry(GatewayTelemetry? telemetry, IUpstreamObserver? observer)
{
    /// <summary>Told when a stream that had its first chunk ends; null when nothing watches.</summary>
    public IUpstreamObserver? Observer => observer;

    /// <summary>The attempt's span, or null when nothing listens (then nothing is allocated).</summary>
    public static Activity? Start(Deployment deployment)
    {
        if (!GatewayTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = GatewayTelemetry.ActivitySource.StartActivity("chat " + deployment.Label, ActivityKind.Client);
        activity?.SetTag("gen_ai.operation.name", "chat");
        activity?.SetTag("gen_ai.provider.name", deployment.ProviderName);
        activity?.SetTag("chatgrpc.deployment", deployment.Label);
        return activity;
    }

    /// <param name="failure">Null when the deployment answered (a stream: its first chunk arrived).</param>
    public void End(Activity? activity, Deployment deployment, CallContext call, Exception? failure, TimeSpan elapsed, bool streaming)
    {
        var outcome = failure is null ? "ok" : failure is ChatCompletionException known ? ChatErrors.Describe(known.Kind).OutcomeTag : "internal";
        telemetry?.UpstreamAttempted(deployment.Label, outcome);
        observer?.AttemptEnded(call, deployment, failure, elapsed, streaming);
        if (failure is null)
        {
            call.Record.Deployment = deployment.Label;
            call.Record.Provider = deployment.ProviderName;
            call.Record.Price = deployment.Price;
        }
        else
        {
            activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
            activity?.SetTag("error.type", outcome);
        }
    }
}
