namespace ChatGrpc.Server.UsageRecords;

internal static partial class UsageLog
{
    [LoggerMessage(EventId = 1101, EventName = "UsageStoreReady", Level = LogLevel.Information, Message = "Usage records are written to {Store} (schema up to date).")]
    public static partial void StoreReady(ILogger logger, UsageStoreKind store);

    [LoggerMessage(EventId = 1102, EventName = "UsageWriteFailed", Level = LogLevel.Warning, Message = "Usage records could not be written to {Store} ({Waiting} waiting); trying again in {RetryInSeconds} s. Calls go on; records past ChatGrpc:Usage:BufferCapacity are dropped.")]
    public static partial void WriteFailed(ILogger logger, Exception exception, UsageStoreKind store, int waiting, double retryInSeconds);

    [LoggerMessage(EventId = 1103, EventName = "UsageWriteRestored", Level = LogLevel.Information, Message = "Usage records are written to {Store} again.")]
    public static partial void WriteRestored(ILogger logger, UsageStoreKind store);

    [LoggerMessage(EventId = 1104, EventName = "UsageRecordsDropped", Level = LogLevel.Warning, Message = "{Dropped} usage records were dropped in the last {Seconds:F0} s: the database is slow or down and ChatGrpc:Usage:BufferCapacity ({Capacity}) records were already waiting.")]
    public static partial void RecordsDropped(ILogger logger, long dropped, double seconds, int capacity);

    [LoggerMessage(EventId = 1105, EventName = "UsageRecordsPruned", Level = LogLevel.Information, Message = "{Count} usage records older than {RetentionDays} days were deleted.")]
    public static partial void Pruned(ILogger logger, long count, int retentionDays);

    [LoggerMessage(EventId = 1106, EventName = "UsagePruneFailed", Level = LogLevel.Warning, Message = "Old usage records could not be deleted; trying again later.")]
    public static partial void PruneFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1107, EventName = "UsageStoreNotReady", Level = LogLevel.Warning, Message = "The usage records database ({Store}) could not be prepared; trying again in {RetryInSeconds} s. Calls go on meanwhile.")]
    public static partial void StoreNotReady(ILogger logger, Exception exception, UsageStoreKind store, double retryInSeconds);
}
