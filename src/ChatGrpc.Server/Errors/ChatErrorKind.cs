namespace ChatGrpc.Server.Errors;

/// <summary>
/// Every way a request can fail after it was read, named once. <see cref="ChatErrorMapping"/> is the
/// one place that turns a kind into a gRPC status and an HTTP status.
/// </summary>
public enum ChatErrorKind
{
    /// <summary>The request broke a rule that only shows once it is routed (for example a field the provider cannot honour).</summary>
    InvalidRequest,

    /// <summary>No usable credentials.</summary>
    Unauthenticated,

    /// <summary>The caller may not use what it asked for.</summary>
    PermissionDenied,

    /// <summary>No provider serves the requested model.</summary>
    ModelNotFound,

    /// <summary>A rate limit or quota was reached.</summary>
    RateLimited,

    /// <summary>The request body is larger than the configured limit.</summary>
    RequestTooLarge,

    /// <summary>The provider failed, after retries and fallbacks.</summary>
    ProviderFailed,

    /// <summary>The provider did not answer in time.</summary>
    ProviderTimeout,
}
