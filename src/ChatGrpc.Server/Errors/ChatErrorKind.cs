namespace ChatGrpc.Server.Errors;

/// <summary>
/// Every way a call can fail, named once. <see cref="ChatErrors"/> is the one table that gives each kind its gRPC
/// status, HTTP status and OpenAI error <c>type</c> and <c>code</c>.
/// </summary>
internal enum ChatErrorKind
{
    /// <summary>400: the request is well-formed but cannot be served as asked (a field the model's provider cannot honour).</summary>
    BadRequest,

    /// <summary>401: no usable credentials.</summary>
    Unauthenticated,

    /// <summary>403: the caller may not use what it asked for.</summary>
    PermissionDenied,

    /// <summary>404: no such model (or other resource).</summary>
    NotFound,

    /// <summary>413: the request body is larger than the configured limit.</summary>
    RequestTooLarge,

    /// <summary>422: the request failed validation; the problems travel beside the error.</summary>
    ValidationFailed,

    /// <summary>429: a rate limit or quota of the caller, or too many failed sign-ins, was reached.</summary>
    RateLimited,

    /// <summary>499: the client went away (or its deadline passed) before the answer was complete.</summary>
    ClientClosed,

    /// <summary>500: a fault of the gateway itself. Its message never carries the exception's text.</summary>
    Internal,

    /// <summary>502: the upstream failed, after retries and fallbacks, or relayed an error of its own.</summary>
    UpstreamFailed,

    /// <summary>503: the gateway sheds load or is shutting down; try again (later or elsewhere).</summary>
    Unavailable,

    /// <summary>504: the upstream did not answer in time.</summary>
    UpstreamTimeout,

    /// <summary>429: the caller's spend reached a budget (per UTC day or month); OpenAI's <c>insufficient_quota</c>.</summary>
    BudgetExhausted,
}
