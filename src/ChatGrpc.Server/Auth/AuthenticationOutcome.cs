namespace ChatGrpc.Server.Auth;

/// <summary>What checking a call's <c>Authorization</c> header found.</summary>
internal enum AuthenticationOutcome
{
    Authenticated,

    /// <summary>No <c>Authorization</c> header, or an empty one.</summary>
    MissingCredentials,

    /// <summary>Another scheme, bad base64, no colon, not UTF-8, or several <c>Authorization</c> headers.</summary>
    MalformedCredentials,

    /// <summary>Well-formed, but the user is unknown or the password wrong (deliberately not told apart).</summary>
    IncorrectCredentials,

    /// <summary>
    /// The password was not checked: too many failed sign-ins from the client's address or for the user name, or
    /// too many password checks already waiting. <see cref="AuthenticationResult.RetryAfter"/> says when to try again.
    /// Says nothing about whether the credentials are right.
    /// </summary>
    Throttled,
}
