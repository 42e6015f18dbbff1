using Microsoft.Extensions.Logging;

namespace ChatGrpc.Server.Auth;

/// <summary>Authentication's log events. Never the password, the hash, the Authorization header or the user name tried.</summary>
internal static partial class BasicAuthLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Rejected a call to {Method}: {Outcome}.")]
    public static partial void CallWithoutCredentialsRejected(ILogger logger, string method, AuthenticationOutcome outcome);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Rejected a call to {Method} from {Peer}: incorrect user name or password.")]
    public static partial void IncorrectCredentialsRejected(ILogger logger, string method, string peer);
}
