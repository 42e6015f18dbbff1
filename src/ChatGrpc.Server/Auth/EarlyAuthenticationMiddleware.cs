using System.Security.Claims;
using ChatGrpc.Server.Calls;
using Grpc.AspNetCore.Server;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// Checks the credentials of every gRPC and REST call before anything reads its body, and records the result for
/// <see cref="BasicAuthInterceptor"/>, which enforces it. A caller without valid credentials never gets its body
/// buffered, decompressed or parsed: the REST body is left unread, and a gRPC request's body is replaced by one empty
/// message, so that gRPC reaches the interceptor (which refuses the call) without touching the caller's bytes.
/// </summary>
internal sealed class EarlyAuthenticationMiddleware(RequestDelegate next, BasicAuthenticator authenticator)
{
    // A gRPC message frame: not compressed, zero bytes long.
    private static readonly byte[] s_emptyGrpcMessage = [0, 0, 0, 0, 0];

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not { } method || OpenMethods.Contains(method.Method.FullName))
        {
            await next(context);
            return;
        }

        if (await authenticator.AuthenticateAsync(context) is not { } result)
        {
            return;
        }

        context.Features.Set(new CallAuthenticationFeature(result));
        if (result.IsAuthenticated)
        {
            AuthenticatedUser.Set(context, result.UserName!, result.KeyName);
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, result.UserName!)], result.IsApiKey ? "Bearer" : "Basic"));
        }
        else if (Transports.Of(context) == CallTransport.Grpc)
        {
            context.Request.Body = new MemoryStream(s_emptyGrpcMessage, writable: false);
        }

        await next(context);
    }
}
