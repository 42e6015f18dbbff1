using ChatGrpc.Server.Errors;
using Microsoft.Extensions.Logging;

namespace ChatGrpc.Server.Logging;

/// <summary>The gateway's log events, source-generated. Never log a prompt, a password or a key.</summary>
internal static partial class ChatGrpcLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "A stream failed after it had started: {Kind}.")]
    public static partial void StreamFailed(ILogger logger, ChatErrorKind kind);
}
