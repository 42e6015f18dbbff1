using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// HTTP Basic authentication for every call of every kind, gRPC and REST (transcoded calls pass through the same
/// interceptors). Only the standard health service is exempt, for orchestrators' probes. A rejected call never reaches
/// the service: gRPC gets <c>UNAUTHENTICATED</c>; REST gets FastAPI's 401 with a <c>WWW-Authenticate</c> challenge,
/// written here because transcoding's own 401 body has another shape. On success the user's name is recorded for
/// <see cref="AuthenticatedUser"/>.
/// </summary>
internal sealed class BasicAuthInterceptor : Interceptor
{
    public const string NotAuthenticatedDetail = "Not authenticated";
    public const string IncorrectCredentialsDetail = "Incorrect username or password";
    public const string IncorrectApiKeyDetail = "Incorrect API key: it is not a configured key, or it was removed or has expired";
    public const string ThrottledDetail = "Too many failed sign-ins from this address or for this user; try again after the time in Retry-After.";

    // The standard health service answers orchestrators' probes, which carry no credentials.

    private static readonly Task<bool> Allowed = Task.FromResult(true);

    private readonly BasicAuthenticator _authenticator;
    private readonly ILogger<BasicAuthInterceptor> _logger;
    private readonly string _challenge;
    private readonly string _apiKeyChallenge;

    public BasicAuthInterceptor(BasicAuthenticator authenticator, IOptions<BasicAuthOptions> options, ILogger<BasicAuthInterceptor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _authenticator = authenticator;
        _logger = logger;
        _challenge = Challenge(options.Value, apiKey: false);
        _apiKeyChallenge = Challenge(options.Value, apiKey: true);
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var authentication = AuthenticateAsync(context);
        if (authentication.IsCompletedSuccessfully && authentication.Result)
        {
            return continuation(request, context);
        }

        return ContinueAfterAsync(authentication, request, context, continuation);

        static async Task<TResponse> ContinueAfterAsync(Task<bool> authentication, TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
            await authentication ? await continuation(request, context) : EndAnsweredCall<TResponse>();
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var authentication = AuthenticateAsync(context);
        if (authentication.IsCompletedSuccessfully && authentication.Result)
        {
            return continuation(requestStream, context);
        }

        return ContinueAfterAsync(authentication, requestStream, context, continuation);

        static async Task<TResponse> ContinueAfterAsync(Task<bool> authentication, IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
            await authentication ? await continuation(requestStream, context) : EndAnsweredCall<TResponse>();
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var authentication = AuthenticateAsync(context);
        if (authentication.IsCompletedSuccessfully && authentication.Result)
        {
            return continuation(request, responseStream, context);
        }

        return ContinueAfterAsync(authentication, request, responseStream, context, continuation);

        static async Task ContinueAfterAsync(Task<bool> authentication, TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        {
            if (await authentication)
            {
                await continuation(request, responseStream, context);
            }
        }
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var authentication = AuthenticateAsync(context);
        if (authentication.IsCompletedSuccessfully && authentication.Result)
        {
            return continuation(requestStream, responseStream, context);
        }

        return ContinueAfterAsync(authentication, requestStream, responseStream, context, continuation);

        static async Task ContinueAfterAsync(Task<bool> authentication, IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
        {
            if (await authentication)
            {
                await continuation(requestStream, responseStream, context);
            }
        }
    }

    /// <summary>
    /// The <c>WWW-Authenticate</c> of a REST 401: Basic's challenge, or, when an API key was refused, RFC 6750's
    /// <c>Bearer</c> challenge saying the token is invalid.
    /// </summary>
    public static string Challenge(BasicAuthOptions options, bool apiKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        return apiKey ? $"Bearer realm=\"{options.Realm}\", error=\"invalid_token\"" : $"Basic realm=\"{options.Realm}\"";
    }

    /// <summary>
    /// True when the call may go on. False when it was refused and the REST answer is already written.
    /// Faults with <see cref="RpcException"/> when a gRPC call is refused.
    /// </summary>
    private Task<bool> AuthenticateAsync(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (OpenMethods.Contains(context.Method))
        {
            return Allowed;
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

    private async Task<bool> AwaitAuthenticationAsync(Task<AuthenticationResult> authentication, ServerCallContext context, HttpContext httpContext) =>
        await Conclude(await authentication, context, httpContext);

    private Task<bool> Conclude(AuthenticationResult result, ServerCallContext context, HttpContext httpContext)
    {
        if (result.IsAuthenticated)
        {
            AuthenticatedUser.Set(httpContext, result.UserName!, result.KeyName);
            return Allowed;
        }

        return RejectAsync(result, context, httpContext);
    }

    private async Task<bool> RejectAsync(AuthenticationResult result, ServerCallContext context, HttpContext httpContext)
    {
        ChatCompletionException failure;
        switch (result.Outcome)
        {
            case AuthenticationOutcome.Throttled:
                // The throttle logs each lockout once; a refused attempt itself is not worth a line each.
                BasicAuthLog.ThrottledCallRejected(_logger, context.Method);
                failure = new ChatCompletionException(ChatErrorKind.RateLimited, ThrottledDetail) { RetryAfter = result.RetryAfter };
                break;
            case AuthenticationOutcome.IncorrectCredentials:
                if (result.IsApiKey)
                {
                    BasicAuthLog.IncorrectApiKeyRejected(_logger, context.Method, context.Peer);
                    failure = new ChatCompletionException(ChatErrorKind.Unauthenticated, IncorrectApiKeyDetail);
                }
                else
                {
                    BasicAuthLog.IncorrectCredentialsRejected(_logger, context.Method, context.Peer);
                    failure = new ChatCompletionException(ChatErrorKind.Unauthenticated, IncorrectCredentialsDetail);
                }

                break;
            default:
                BasicAuthLog.CallWithoutCredentialsRejected(_logger, context.Method, result.Outcome);
                failure = new ChatCompletionException(ChatErrorKind.Unauthenticated, NotAuthenticatedDetail);
                break;
        }

        if (httpContext.Features.Get<CallRecord>() is { } record)
        {
            record.Failure = failure.Kind;
        }

        if (Transports.Of(httpContext) == CallTransport.Grpc)
        {
            throw Grpc.RpcErrors.ToRpcException(failure);
        }

        if (failure.Kind == ChatErrorKind.Unauthenticated)
        {
            httpContext.Response.Headers.WWWAuthenticate = result.IsApiKey ? _apiKeyChallenge : _challenge;
        }

        await Grpc.TranscodedAnswers.EndWithErrorAsync(context, failure);
        return false;
    }

    /// <summary>Ends a refused REST call whose 401 is already written, through the status set on the context.</summary>
    private static TResponse EndAnsweredCall<TResponse>() => default!;
}
