using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Rest;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Admin;

/// <summary>
/// The page's own files (<c>/admin</c> and what it loads), which no gRPC interceptor sees: the same credentials as
/// every call, Basic (401 with the <c>WWW-Authenticate</c> challenge, so a browser shows its sign-in prompt) or an API
/// key; then admins only (403 in the documented error shape).
/// </summary>
internal sealed class AdminGateMiddleware(RequestDelegate next, BasicAuthenticator authenticator, AdminAccess access, IOptions<BasicAuthOptions> options)
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
            return;
        }

        if (!result.IsAuthenticated)
        {
            if (result.Outcome == AuthenticationOutcome.Throttled)
            {
                await RestErrorRenderer.WriteAsync(context.Response, new ChatCompletionException(ChatErrorKind.RateLimited, BasicAuthInterceptor.ThrottledDetail) { RetryAfter = result.RetryAfter });
                return;
            }

            // Basic's challenge whatever was sent, so that a browser shows its sign-in prompt.
            var detail = result.Outcome == AuthenticationOutcome.IncorrectCredentials ? BasicAuthInterceptor.IncorrectCredentialsDetail : BasicAuthInterceptor.NotAuthenticatedDetail;
            await RestErrorRenderer.WriteAsync(
                context.Response,
                new ChatCompletionException(ChatErrorKind.Unauthenticated, detail) { Challenge = BasicAuthInterceptor.Challenge(options.Value, apiKey: false) });
            return;
        }

        try
        {
            access.Demand(result.UserName);
        }
        catch (ChatCompletionException refused)
        {
            await RestErrorRenderer.WriteAsync(context.Response, refused);
            return;
        }

        await next(context);
    }
}
