using ChatGrpc.Server.Configuration;

namespace ChatGrpc.Server.Logging;

/// <summary>Checks <c>ChatGrpc:Logging</c> at start-up, every problem at once, each naming its key.</summary>
internal sealed class LogFloodOptionsValidator : OptionsValidator<LogFloodOptions>
{
    protected override void Check(LogFloodOptions options, List<string> problems)
    {
        if (options.RecordsPerInterval < 1)
        {
            problems.Add($"{LogFloodOptions.SectionName}:{nameof(LogFloodOptions.RecordsPerInterval)} must be at least 1.");
        }

        if (options.Interval <= TimeSpan.Zero)
        {
            problems.Add($"{LogFloodOptions.SectionName}:{nameof(LogFloodOptions.Interval)} must be positive.");
        }
    }
}
