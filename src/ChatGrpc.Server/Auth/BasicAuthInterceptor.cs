using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// HTTP Basic authentication for every call of every kind, gRPC and REST (transcoded calls pass through the same
/// interceptors). Only the standard health service is exempt, for orchestrators' probes. A rejected call never reaches
/// the service: it fails with a <see cref="ChatCompletionException"/> (carrying the REST <c>WWW-Authenticate</c>
/// challenge), which the error interceptor registered around this one renders: gRPC gets <c>UNAUTHENTICATED</c>, REST
/// FastAPI's 401. On success the user's name is recorded for <see cref="AuthenticatedUser"/>.
/// </summary>
internal sealed class BasicAuthInterceptor : Interceptor
{
    private readonly BasicAuthenticator _authenticator;
    private readonly ILogger<BasicAuthInterceptor> _logger;
    private readonly string _challenge;
    private readonly string _apiKeyChallenge;

    public BasicAuthInterceptor(BasicAuthenticator authenticator, IOptions<BasicAuthOptions> options, ILogger<BasicAuthInterceptor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _authenticator = authenticator;
        _logger = logger;
        _challenge = SignInRefusal.Challenge(options.Value, apiKey: false);
        _apiKeyChallenge = SignInRefusal.Challenge(options.Value, apiKey: true);
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var authentication = AuthenticateAsync(context);
        return authentication.IsCompletedSuccessfully ? continuation(request, context) : ContinueAfterAsync(authentication, request, context, continuation);

        static async Task<TResponse> ContinueAfterAsync(Task authentication, TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            await authentication;
            return await continuation(request, context);
        }
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var authentication = AuthenticateAsync(context);
        return authentication.IsCompletedSuccessfully ? continuation(requestStream, context) : ContinueAfterAsync(authentication, requestStream, context, continuation);

        static async Task<TResponse> ContinueAfterAsync(Task authentication, IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
        {
            await authentication;
            return await continuation(requestStream, context);
        }
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var authentication = AuthenticateAsync(context);
        return authentication.IsCompletedSuccessfully ? continuation(request, responseStream, context) : ContinueAfterAsync(authentication, request, responseStream, context, continuation);

        static async Task ContinueAfterAsync(Task authentication, TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        {
            await authentication;
            await continuation(request, responseStream, context);
        }
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var authentication = AuthenticateAsync(context);
        return authentication.IsCompletedSuccessfully ? continuation(requestStream, responseStream, context) : ContinueAfterAsync(authentication, requestStream, responseStream, context, continuation);

        static async Task ContinueAfterAsync(Task authentication, IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
        {
            await authentication;
            await continuation(requestStream, responseStream, context);
        }
    }

    /// <summary>
    /// The <c>WWW-Authenticate</c> of a REST 401: Basic's challenge, or, when an API key was refused, RFC 6750's
    /// <c>Bearer</c> challenge saying the token is invalid.
    /// </summary>
    /// <summary>
    /// Completes when the call may go on; faults with <see cref="ChatCompletionException"/> when it is refused, which
    /// the error interceptor around this one renders (a REST 401 with its challenge, or gRPC's <c>UNAUTHENTICATED</c>).
    /// </summary>
    private Task AuthenticateAsync(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (OpenMethods.Contains(context.Method))
        {
            return Task.CompletedTask;
        }

        var httpContext = context.GetHttpContext();
        // EarlyAuthenticationMiddleware checked the credentials before the body was read; the check runs here only
        // where that middleware is not in the way (a host assembled without it).
        var authentication = httpContext.Features.Get<CallAuthenticationFeature>() is { } early
            ? ValueTask.FromResult(early.Result)
            : _authenticator.AuthenticateAsync(httpContext.Request.Headers.Authorization, httpContext.Connection.RemoteIpAddress, context.CancellationToken);
        if (!authentication.IsCompletedSuccessfully)
        {
            return AwaitAuthenticationAsync(authentication.AsTask(), context, httpContext);
        }

        return Conclude(authentication.Result, context, httpContext);
    }

    private async Task AwaitAuthenticationAsync(Task<AuthenticationResult> authentication, ServerCallContext context, HttpContext httpContext) =>
        await Conclude(await authentication, context, httpContext);

    private Task Conclude(AuthenticationResult result, ServerCallContext context, HttpContext httpContext)
    {
        if (result.IsAuthenticated)
        {
            AuthenticatedUser.Set(httpContext, result.UserName!, result.KeyName);
            return Task.CompletedTask;
        }

        return Task.FromException(Refusal(result, context));
    }

    /// <summary>Logs a refused call and says why it was refused.</summary>
    private ChatCompletionException Refusal(AuthenticationResult result, ServerCallContext context)
    {
        switch (result.Outcome)
        {
            case AuthenticationOutcome.Throttled:
                // The throttle logs each lockout once; a refused attempt itself is not worth a line each.
                BasicAuthLog.ThrottledCallRejected(_logger, context.Method);
                break;
            case AuthenticationOutcome.IncorrectCredentials when result.IsApiKey:
                BasicAuthLog.IncorrectApiKeyRejected(_logger, context.Method, context.Peer);
                break;
            case AuthenticationOutcome.IncorrectCredentials:
                BasicAuthLog.IncorrectCredentialsRejected(_logger, context.Method, context.Peer);
                break;
            default:
                BasicAuthLog.CallWithoutCredentialsRejected(_logger, context.Method, result.Outcome);
                break;
        }

        return SignInRefusal.Of(result, result.IsApiKey ? _apiKeyChallenge : _challenge);
    }
}
