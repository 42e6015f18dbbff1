namespace ChatGrpc.Server.Auth;

/// <summary>Authentication's log events. Never the password, the key, the hash, the Authorization header or the user name tried.</summary>
internal static partial class BasicAuthLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Rejected a call to {Method}: {Outcome}.")]
    public static partial void CallWithoutCredentialsRejected(ILogger logger, string method, AuthenticationOutcome outcome);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Rejected a call to {Method} from {Peer}: incorrect user name or password.")]
    public static partial void IncorrectCredentialsRejected(ILogger logger, string method, string peer);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Client address {ClientAddress} is locked out of password checks for {Duration} (lockout {Lockouts}) after repeated failed sign-ins.")]
    public static partial void ClientAddressLockedOut(ILogger logger, System.Net.IPAddress clientAddress, int lockouts, TimeSpan duration);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "A user name reached {Failures} failed sign-ins: its new password checks are rationed until it signs in or its failures are forgotten.")]
    public static partial void UserNameRationed(ILogger logger, int failures);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "A password check was refused: {Admitted} checks are already running or waiting.")]
    public static partial void PasswordCheckQueueFull(ILogger logger, int admitted);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information, Message = "Rejected a call to {Method} from {Peer}: an API key that is not configured, removed or expired.")]
    public static partial void IncorrectApiKeyRejected(ILogger logger, string method, string peer);

    [LoggerMessage(EventId = 106, Level = LogLevel.Debug, Message = "Rejected a call to {Method}: too many failed sign-ins.")]
    public static partial void ThrottledCallRejected(ILogger logger, string method);
}
