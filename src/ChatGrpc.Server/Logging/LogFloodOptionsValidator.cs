using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Logging;

/// <summary>Checks <c>ChatGrpc:Logging</c> at start-up, every problem at once, each naming its key.</summary>
internal sealed class LogFloodOptionsValidator : IValidateOptions<LogFloodOptions>
{
    public ValidateOptionsResult Validate(string? name, LogFloodOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.RecordsPerInterval < 1)
        {
            problems.Add($"{LogFloodOptions.SectionName}:{nameof(LogFloodOptions.RecordsPerInterval)} must be at least 1.");
        }

        if (options.Interval <= TimeSpan.Zero)
        {
            problems.Add($"{LogFloodOptions.SectionName}:{nameof(LogFloodOptions.Interval)} must be positive.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
