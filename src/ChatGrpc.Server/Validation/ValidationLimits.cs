namespace ChatGrpc.Server.Validation;

/// <summary>How much of an invalid request's problems the gateway reports.</summary>
internal static class ValidationLimits
{
    /// <summary>
    /// At most this many problems are collected for one request. Pydantic has no such limit, but a 4 MB body of
    /// two million wrong list items would otherwise cost gigabytes to describe; the first thousand (in schema
    /// order, as far as they were found) are what a client can act on.
    /// </summary>
    public const int MaxProblems = 1000;
}
