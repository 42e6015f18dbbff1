using System.Runtime.CompilerServices;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Logging;
using ChatGrpc.Server.Routing;
using ChatGrpc.V1;
using Microsoft.Extensions.Logging;

namespace ChatGrpc.Server.Completions;

/// <summary>
/// The one path every chat completion takes, whichever transport it came through: the adapters (the gRPC services
/// and the REST handler) read and validate, build a <see cref="CallContext"/>, call this, and render what it gives
/// back. Routing, and every later step (access, limits, telemetry), lives here once. Every failure leaves it as a
/// <see cref="ChatCompletionException"/>, so the adapters render one kind of error.
/// </summary>
public sealed class ChatCompletionPipeline(ModelRouter router, ShutdownCoordinator shutdown, TimeProvider timeProvider, ILogger<ChatCompletionPipeline> logger)
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
        request.Stream = false;
        try
        {
            return await router.CompleteAsync(call, request).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not ChatCompletionException)
        {
            throw Translate(call, exception);
        }
    }

    /// <summary>Answers <paramref name="request"/> chunk by chunk, as each arrives.</summary>
    /// <exception cref="ChatCompletionException">The call failed, before or after its first chunk; nothing else escapes.</exception>
    public async IAsyncEnumerable<ChatCompletionChunk> StreamAsync(CallContext call, CreateChatCompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        request.Stream = true;
        var chunks = router.StreamAsync(call, request).GetAsyncEnumerator(call.CancellationToken);
        try
        {
            while (true)
            {
                ChatCompletionChunk chunk;
                try
                {
                    if (!await chunks.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    chunk = chunks.Current;
                }
                catch (Exception exception) when (exception is not ChatCompletionException)
                {
                    throw Translate(call, exception);
                }

                yield return chunk;
            }
        }
        finally
        {
            await DisposeQuietlyAsync(call, chunks).ConfigureAwait(false);
        }
    }

    /// <summary>The models the caller may use.</summary>
    public ListModelsResponse ListModels(CallContext call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var response = new ListModelsResponse { Object = ListObject };
        foreach (var name in router.Models)
        {
            response.Data.Add(Describe(name));
        }

        return response;
    }

    /// <exception cref="ChatCompletionException">The caller may use no model of that name.</exception>
    public Model GetModel(CallContext call, string model)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(model);
        foreach (var name in router.Models)
        {
            if (string.Equals(name, model, StringComparison.Ordinal))
            {
                return Describe(name);
            }
        }

        throw new ChatCompletionException(ChatErrorKind.NotFound, ModelNames.NotServedMessage(model, router.Models)) { Param = "model" };
    }

    private Model Describe(string name) => new() { Id = name, Object = ModelObject, Created = _servingSince, OwnedBy = OwnedBy };

    /// <summary>What a failure that is not already one of the gateway's own becomes.</summary>
    private ChatCompletionException Translate(CallContext call, Exception exception)
    {
        if (exception is OperationCanceledException && call.CancellationToken.IsCancellationRequested)
        {
            if (shutdown.CallsCut.IsCancellationRequested)
            {
                ChatGrpcLog.CallCutByShutdown(logger, call.RequestId);
                return new ChatCompletionException(ChatErrorKind.Unavailable, "The server is shutting down; send the request again.", exception)
                {
                    RetryAfter = TimeSpan.FromSeconds(1),
                };
            }

            if (call.Deadline is { } deadline && timeProvider.GetUtcNow().UtcDateTime >= deadline)
            {
                ChatGrpcLog.CallPastDeadline(logger, call.RequestId);
                return new ChatCompletionException(ChatErrorKind.UpstreamTimeout, "The call's deadline passed before the answer was complete.", exception);
            }

            ChatGrpcLog.ClientWentAway(logger, call.RequestId);
            return new ChatCompletionException(ChatErrorKind.ClientClosed, "The client closed the call.", exception);
        }

        // A fault of ours or an upstream's that nothing named: the details stay in the log, never in the answer.
        ChatGrpcLog.CallFaulted(logger, exception, call.RequestId);
        return new ChatCompletionException(ChatErrorKind.Internal, ChatErrors.InternalMessage, exception);
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
