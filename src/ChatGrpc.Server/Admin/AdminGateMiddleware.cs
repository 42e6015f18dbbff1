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
        if (await authenticator.AuthenticateAsync(context) is not { } result)
        {
            return;
        }

        if (!result.IsAuthenticated)
        {
            // Basic's challenge whatever was sent, so that a browser shows its sign-in prompt.
            await RestErrorRenderer.WriteAsync(context.Response, SignInRefusal.Of(result, SignInRefusal.Challenge(options.Value, apiKey: false)));
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
