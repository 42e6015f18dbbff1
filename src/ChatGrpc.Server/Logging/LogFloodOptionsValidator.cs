using ChatGrpc.Server.Configuration;

namespace ChatGrpc.Server.Logging;

/// <summary>Checks <c>ChatGrpc:Logging</c> at start-up, every problem at once, each naming its key.</summary>
internal sealed class LogFloodOptionsValidator : OptionsValidator<LogFloodOptions>
{
    protected override void Check(LogFloodOptions options, List<string> problems)
    {
        problems.RequireAtLeast($"{LogFloodOptions.SectionName}:{nameof(LogFloodOptions.RecordsPerInterval)}", options.RecordsPerInterval, 1);
        problems.RequirePositive($"{LogFloodOptions.SectionName}:{nameof(LogFloodOptions.Interval)}", options.Interval);
    }
}
