using System.Net;
using StackExchange.Redis;

namespace ChatGrpc.Server.Access;

internal static partial class AccessLog
{
    [LoggerMessage(EventId = 401, EventName = "RedisConnectionFailed", Level = LogLevel.Warning, Message = "Redis at {EndPoint} is unreachable ({FailureType}).")]
    public static partial void RedisConnectionFailed(ILogger logger, EndPoint? endPoint, ConnectionFailureType failureType);

    [LoggerMessage(EventId = 402, EventName = "RedisConnectionRestored", Level = LogLevel.Information, Message = "Redis at {EndPoint} answers again.")]
    public static partial void RedisConnectionRestored(ILogger logger, EndPoint? endPoint);

    [LoggerMessage(EventId = 403, EventName = "LimitsKeptInMemory", Level = LogLevel.Warning, Message = "Redis is unreachable: limits are counted in this instance's memory until it answers again (ChatGrpc:Access:RedisFailure is Open).")]
    public static partial void LimitsKeptInMemory(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 404, EventName = "LimitedCallsRefused", Level = LogLevel.Warning, Message = "Redis is unreachable: calls of users with limits are refused until it answers again (ChatGrpc:Access:RedisFailure is Closed).")]
    public static partial void LimitedCallsRefused(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 405, EventName = "SharedLimitsRestored", Level = LogLevel.Information, Message = "Redis answers again: limits are shared by every instance again.")]
    public static partial void SharedLimitsRestored(ILogger logger);

    [LoggerMessage(EventId = 406, EventName = "UsageNotSettled", Level = LogLevel.Warning, Message = "Call {RequestId}: its real token usage could not be recorded; its estimate stands.")]
    public static partial void UsageNotSettled(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(EventId = 410, EventName = "SignInsThrottledInMemory", Level = LogLevel.Warning, Message = "Redis is unreachable: failed sign-ins are throttled in this instance's memory until it answers again, so each instance counts them on its own meanwhile.")]
    public static partial void SignInsThrottledInMemory(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 411, EventName = "SharedSignInThrottleRestored", Level = LogLevel.Information, Message = "Redis answers again: failed sign-ins are counted by every instance together again.")]
    public static partial void SharedSignInThrottleRestored(ILogger logger);
}
