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
        if (await authenticator.AuthenticateAsync(context) is not { } result)
        {
            return;
        }

        if (result.IsAuthenticated)
        {
            await next(context);
            return;
        }

        await RestErrorRenderer.WriteAsync(context.Response, SignInRefusal.Of(result, SignInRefusal.Challenge(options.Value, result.IsApiKey)));
    }
}
