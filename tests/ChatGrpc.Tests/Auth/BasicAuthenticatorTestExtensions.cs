using ChatGrpc.Server.Auth;
using Microsoft.Extensions.Primitives;

namespace ChatGrpc.Tests.Auth;

/// <summary>Checks without a client address or a cancellation, for the tests about credentials rather than throttling.</summary>
internal static class BasicAuthenticatorTestExtensions
{
    public static ValueTask<AuthenticationResult> AuthenticateAsync(this BasicAuthenticator authenticator, StringValues authorization) =>
        authenticator.AuthenticateAsync(authorization, clientAddress: null, CancellationToken.None);
}
