namespace ChatGrpc.Server.Errors;

/// <summary>
/// A failure the gateway reports to its caller. The message is shown to clients as it is, so it must
/// never carry a secret, a prompt or a stack trace.
/// </summary>
public sealed class ChatCompletionException : Exception
{
    public ChatCompletionException(ChatErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public ChatErrorKind Kind { get; }
}
