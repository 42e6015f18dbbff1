using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Rest;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// Basic credentials for the plain HTTP endpoints that are not gRPC methods (the Prometheus scrape endpoint), which the
/// gRPC interceptor never sees: the same users, the same 401.
/// </summary>
internal sealed class BasicAuthGateMiddleware(RequestDelegate next, BasicAuthenticator authenticator, IOptions<BasicAuthOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        AuthenticationResult result;
        try
        {
            result = await authenticator.AuthenticateAsync(context.Request.Headers.Authorization, context.Connection.RemoteIpAddress, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left while its password was being checked: nobody to answer, nothing worth logging.
            return;
        }

        if (result.IsAuthenticated)
        {
            await next(context);
            return;
        }

        var detail = result.Outcome != AuthenticationOutcome.IncorrectCredentials ? BasicAuthInterceptor.NotAuthenticatedDetail
            : result.IsApiKey ? BasicAuthInterceptor.IncorrectApiKeyDetail
            : BasicAuthInterceptor.IncorrectCredentialsDetail;
        await RestErrorRenderer.WriteAsync(
            context.Response,
            new ChatCompletionException(ChatErrorKind.Unauthenticated, detail) { Challenge = BasicAuthInterceptor.Challenge(options.Value, result.IsApiKey) });
    }
}
