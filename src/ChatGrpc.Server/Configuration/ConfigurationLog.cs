namespace ChatGrpc.Server.Configuration;

internal static partial class ConfigurationLog
{
    [LoggerMessage(EventId = 301, EventName = "ConfigurationChangeApplied", Level = LogLevel.Information, Message = "The configuration of {Section} changed; new calls use it.")]
    public static partial void ChangeApplied(ILogger logger, string section);

    [LoggerMessage(EventId = 302, EventName = "ConfigurationChangeRefused", Level = LogLevel.Error, Message = "A change to {Section} was refused, and the last good settings stay in use: {Problems}")]
    public static partial void ChangeRefused(ILogger logger, string section, string problems);

    [LoggerMessage(EventId = 303, EventName = "ConfigurationChangeFailed", Level = LogLevel.Error, Message = "A change to {Section} could not be applied, and the last good settings stay in use.")]
    public static partial void ChangeFailed(ILogger logger, Exception exception, string section);
}
