using System.Diagnostics;
using System.Threading.RateLimiting;
using ChatGrpc.Server.Access;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Limits;
using ChatGrpc.Server.Logging;
using ChatGrpc.Server.Routing;
using ChatGrpc.Server.Telemetry;
using ChatGrpc.Server.Tokens;
using ChatGrpc.V1;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Completions;

/// <summary>
/// The one path every chat completion takes, whichever transport it came through: the adapters (the gRPC services
/// and the REST handler) read and validate, build a <see cref="CallContext"/>, call this, and render what it gives
/// back. Telemetry and routing, and every later step (access, limits), live here once. Every failure leaves it as a
/// <see cref="ChatCompletionException"/>, so the adapters render one kind of error.
/// </summary>
internal sealed class ChatCompletionPipeline(
    ModelRouter router,
    AccessGate access,
    CallAdmission admission,
    UnexpectedFailures unexpected,
    GatewayTelemetry telemetry,
    UsageEstimator estimator,
    IOptions<LimitsOptions> limits,
    TimeProvider timeProvider,
    ILogger<ChatCompletionPipeline> logger)
{
    private const string ModelObject = "model";
    private const string ListObject = "list";
    private const string OwnedBy = "chatgrpc";

    private readonly uint _servingSince = (uint)timeProvider.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Answers <paramref name="request"/> with one whole completion.</summary>
    /// <exception cref="ChatCompletionException">The call failed; nothing else escapes.</exception>
    public async Task<ChatCompletion> CompleteAsync(CallContext call, CreateChatCompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        var record = Begin(call, request, stream: false);
        using var activity = StartActivity(call, record.ModelLabel!);
        RateLimitLease? place = null;
        UsageCharge? charge = null;
        var answered = false;
        try
        {
            // Access and limits before the process's own admission: a refused call never waits for a place.
            charge = await access.AdmitAsync(call, request, router.HighestPrice(request.Model)).ConfigureAwait(false);
            place = await admission.AdmitAsync(call.CancellationToken).ConfigureAwait(false);
            ChatCompletion completion;
            record.UpstreamWaitStarted();
            try
            {
                completion = await router.CompleteAsync(call, request).ConfigureAwait(false);
            }
            finally
            {
                record.UpstreamWaitEnded();
            }

            answered = true;
            charge?.Report(completion.Usage);
            record.ResponseModel = completion.Model;
            Observe(call, record, completion.Usage);
            Price(call, record, request);
            if (activity is { IsAllDataRequested: true })
            {
                // Only the span shows them: with tracing off, the list is not made.
                record.FinishReasons = [.. completion.Choices.Select(choice => FinishReasonName(choice.FinishReason))];
            }

            End(activity, record);
            return completion;
        }
        catch (Exception exception)
        {
            throw Fail(call, activity, exception);
        }
        finally
        {
            place?.Dispose();
            if (charge is not null)
            {
                Settle(call, charge, answered);
            }

            telemetry.CallEnded(record);
        }
    }

    /// <summary>Answers <paramref name="request"/> chunk by chunk, as each arrives.</summary>
    /// <exception cref="ChatCompletionException">The call failed, before or after its first chunk; nothing else escapes.</exception>
    public async IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CallContext call, CreateChatCompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        var record = Begin(call, request, stream: true);
        using var activity = StartActivity(call, record.ModelLabel!);
        RateLimitLease place;
        UsageCharge? charge = null;
        var hideUsage = false;
        try
        {
            charge = await access.AdmitAsync(call, request, router.HighestPrice(request.Model)).ConfigureAwait(false);
            if (request.StreamOptions is not { IncludeUsage: true })
            {
                // The call's record (and a charge, when limits count tokens or spend) takes the upstream's own count of
                // the stream: ask for it, and keep it from a caller that did not.
                request.StreamOptions ??= new StreamOptions();
                request.StreamOptions.IncludeUsage = true;
                hideUsage = true;
            }

            place = await admission.AdmitAsync(call.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            if (charge is not null)
            {
                Settle(call, charge, produced: false);
            }

            telemetry.CallEnded(record);
            throw Fail(call, activity, exception);
        }

        var chunks = router.StreamAsync(call, request).GetAsyncEnumerator(call.CancellationToken);
        // Each chunk is written by the adapter between its yield and the request for the next one: a client that stops
        // reading stalls that write, and the guard cuts its connection (which cancels the call and its upstream).
        using var stalled = call.AbortConnection is null ? null : new StalledWriteGuard(call, limits.Value.StalledClientTimeout, timeProvider);
        List<string>? finishReasons = null;
        // Finish reasons are collected for the span alone.
        var recording = activity is { IsAllDataRequested: true };
        try
        {
            while (true)
            {
                ChatCompletionChunk chunk;
                try
                {
                    record.UpstreamWaitStarted();
                    try
                    {
                        if (!await chunks.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    finally
                    {
                        record.UpstreamWaitEnded();
                    }

                    chunk = chunks.Current;
                    charge?.Report(chunk.Usage);

                    record.FirstChunkAt ??= Stopwatch.GetTimestamp();
                    record.ResponseModel ??= chunk.Model;
                    Observe(call, record, chunk.Usage);
                    foreach (var choice in chunk.Choices)
                    {
                        if (recording && choice.FinishReason != FinishReason.Unspecified)
                        {
                            (finishReasons ??= []).Add(FinishReasonName(choice.FinishReason));
                        }
                    }
                }
                catch (Exception exception)
                {
                    throw Fail(call, activity, exception);
                }

                if (hideUsage && chunk.Usage is not null)
                {
                    // The caller asked for no usage, so it is told nothing about how it was counted either.
                    call.UsageEstimated = false;
                    if (chunk.Choices.Count == 0)
                    {
                        continue;
                    }

                    chunk.Usage = null;
                }

                var yieldedAt = Stopwatch.GetTimestamp();
                stalled?.Arm();
                yield return chunk;
                stalled?.Disarm();
                // The adapter wrote the chunk before asking for the next one: that is the relay's own delay.
                telemetry.ChunkRelayed(Stopwatch.GetElapsedTime(yieldedAt));
            }

            record.FinishReasons = finishReasons;
            End(activity, record);
        }
        finally
        {
            await DisposeQuietlyAsync(call, chunks).ConfigureAwait(false);
            place.Dispose();
            Price(call, record, request);
            if (charge is not null)
            {
                Settle(call, charge, produced: record.FirstChunkAt is not null);
            }

            telemetry.CallEnded(record);
        }
    }

    /// <summary>The models the caller may use.</summary>
    public ListModelsResponse ListModels(CallContext call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var response = new ListModelsResponse { Object = ListObject };
        var allowed = access.For(call.User);
        foreach (var name in router.Models)
        {
            if (allowed.MayCall(name))
            {
                response.Data.Add(Describe(name));
            }
        }

        return response;
    }

    /// <exception cref="ChatCompletionException">The caller may use no model of that name.</exception>
    public Model GetModel(CallContext call, string model)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(model);
        model = ServedName(model);
        access.EnsureMayCall(call, model);
        foreach (var name in router.Models)
        {
            if (string.Equals(name, model, StringComparison.Ordinal))
            {
                return Describe(name);
            }
        }

        throw new ChatCompletionException(ChatErrorKind.NotFound, ModelNames.NotServedMessage(model, router.Models)) { Param = "model" };
    }

    /// <summary>
    /// The model name as configured: the SDKs percent-encode the <c>/</c> of <c>org/model</c> in <c>/models/{model}</c>
    /// (routing leaves <c>%2F</c> encoded), so a name that is not served as sent is looked up decoded.
    /// </summary>
    private string ServedName(string model)
    {
        if (!model.Contains('%', StringComparison.Ordinal) || router.Models.Contains(model, StringComparer.Ordinal))
        {
            return model;
        }

        return Uri.UnescapeDataString(model);
    }

    private Model Describe(string name) => new() { Id = name, Object = ModelObject, Created = _servingSince, OwnedBy = OwnedBy };

    private CallRecord Begin(CallContext call, CreateChatCompletionRequest request, bool stream)
    {
        // The method called decides, whatever the request's own flag says (a REST body may leave it out), so that
        // providers and usage see one request whichever transport it came through.
        request.Stream = stream;
        var record = call.Record;
        record.Model = request.Model;
        record.ModelLabel = ModelNames.Label(request.Model, router.Serves);
        record.IsStream = stream;
        telemetry.CallStarted(stream);
        return record;
    }

    // The span is named and tagged with the model's label: a caller's made-up name must not size a span.
    private static Activity? StartActivity(CallContext call, string modelLabel)
    {
        if (!GatewayTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = GatewayTelemetry.ActivitySource.StartActivity("chat " + modelLabel, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.operation.name", "chat");
            activity.SetTag("gen_ai.request.model", modelLabel);
            activity.SetTag("chatgrpc.user", call.User);
            activity.SetTag("chatgrpc.request_id", call.RequestId);
            activity.SetTag("chatgrpc.transport", call.Transport == CallTransport.Rest ? "rest" : "grpc");
        }

        return activity;
    }

    private static void Observe(CallContext call, CallRecord record, Usage? usage)
    {
        if (usage is not null)
        {
            record.InputTokens = usage.PromptTokens;
            record.OutputTokens = usage.CompletionTokens;
            record.CachedInputTokens = usage.PromptTokensDetails?.CachedTokens ?? 0;
            // Read before a stream that hides its usage from the caller clears the flag.
            record.CostEstimated = call.UsageEstimated;
        }
    }

    /// <summary>
    /// What the call cost at the serving deployment's price: from the usage it reported (or the gateway counted), or,
    /// for a stream that ended before any usage, from the prompt's estimate and the tokens of the deltas sent.
    /// </summary>
    private void Price(CallContext call, CallRecord record, CreateChatCompletionRequest request)
    {
        if (record.Price is not { } price)
        {
            return;
        }

        if (record.InputTokens is null && record.FirstChunkAt is not null)
        {
            record.InputTokens = estimator.CountPrompt(request, CancellationToken.None);
            record.OutputTokens = call.StreamedCompletionTokens;
            record.CachedInputTokens = 0;
            record.CostEstimated = true;
        }

        if (record.InputTokens is { } input)
        {
            record.Cost = price.CostOf(input, record.CachedInputTokens ?? 0, record.OutputTokens ?? 0);
        }
    }

    private static void End(Activity? activity, CallRecord record)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag("gen_ai.response.model", record.ResponseModel);
        activity.SetTag("gen_ai.provider.name", record.Provider);
        activity.SetTag("chatgrpc.deployment", record.Deployment);
        activity.SetTag("gen_ai.usage.input_tokens", record.InputTokens);
        activity.SetTag("gen_ai.usage.output_tokens", record.OutputTokens);
        if (record.FinishReasons is { } reasons)
        {
            activity.SetTag("gen_ai.response.finish_reasons", reasons.ToArray());
        }
    }

    private static string FinishReasonName(FinishReason reason) => Validation.EnumLiteralTables.FinishReason.LiteralOf((int)reason) ?? "unspecified";

    /// <summary>Records the failure and returns it as the gateway's own error.</summary>
    private ChatCompletionException Fail(CallContext call, Activity? activity, Exception exception)
    {
        var failure = exception as ChatCompletionException ?? unexpected.Translate(exception, call.RequestId, call.Deadline, call.CancellationToken);
        call.Record.Failure = failure.Kind;
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, failure.Message);
            activity.SetTag("error.type", ChatErrors.Describe(failure.Kind).OutcomeTag);
        }

        return failure;
    }

    /// <summary>
    /// Sends the settlement and lets the answer go on without waiting for it: it only matters to the caller's next
    /// calls, and one store connection keeps commands in order, so this instance's next reservation sees it. Until it
    /// lands, the estimate stays counted, which errs on the side of the limit.
    /// </summary>
    private void Settle(CallContext call, UsageCharge charge, bool produced)
    {
        charge.Cost = call.Record.Cost;
        ValueTask settling;
        try
        {
            // Not the call's token: a caller that left has still used what it used.
            settling = charge.SettleAsync(produced, call.StreamedCompletionTokens, CancellationToken.None);
        }
        catch (Exception exception)
        {
            AccessLog.UsageNotSettled(logger, exception, call.RequestId);
            return;
        }

        if (!settling.IsCompletedSuccessfully)
        {
            _ = ObserveSettlementAsync(settling, call.RequestId);
        }
    }

    private async Task ObserveSettlementAsync(ValueTask settling, string requestId)
    {
        try
        {
            await settling.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            AccessLog.UsageNotSettled(logger, exception, requestId);
        }
    }

    private async ValueTask DisposeQuietlyAsync(CallContext call, IAsyncEnumerator<ChatCompletionChunk> chunks)
    {
        try
        {
            await chunks.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not ChatCompletionException)
        {
            // Disposing a provider's stream must not hide the call's own outcome.
            ChatGrpcLog.StreamDisposalFailed(logger, exception, call.RequestId);
        }
    }
}
