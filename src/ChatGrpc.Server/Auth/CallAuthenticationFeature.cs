namespace ChatGrpc.Server.Auth;

/// <summary>The credentials check of an HTTP request, made once before its body is read, for the interceptor to enforce.</summary>
internal sealed class CallAuthenticationFeature(AuthenticationResult result)
{
    public AuthenticationResult Result { get; } = result;
}
