using ChatGrpc.Server.Configuration;

namespace ChatGrpc.Server.Limits;

/// <summary>Refuses limits that cannot work, every problem at once; nothing is silently clamped.</summary>
internal sealed class LimitsOptionsValidator : OptionsValidator<LimitsOptions>
{
    protected override void Check(LimitsOptions options, List<string> problems)
    {
        if (options.MaxConcurrentCalls < 1)
        {
            problems.Add($"{LimitsOptions.SectionName}:{nameof(LimitsOptions.MaxConcurrentCalls)} must be at least 1.");
        }

        if (options.QueueLength < 0)
        {
            problems.Add($"{LimitsOptions.SectionName}:{nameof(LimitsOptions.QueueLength)} must not be negative.");
        }

        if (options.StalledClientTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{LimitsOptions.SectionName}:{nameof(LimitsOptions.StalledClientTimeout)} must be positive.");
        }

        if (options.RetryAfter <= TimeSpan.Zero)
        {
            problems.Add($"{LimitsOptions.SectionName}:{nameof(LimitsOptions.RetryAfter)} must be positive.");
        }

        if (options.MaxConnections is < 1)
        {
            problems.Add($"{LimitsOptions.SectionName}:{nameof(LimitsOptions.MaxConnections)} must be at least 1.");
        }

        if (options.ReservedFileDescriptors < 0)
        {
            problems.Add($"{LimitsOptions.SectionName}:{nameof(LimitsOptions.ReservedFileDescriptors)} must not be negative.");
        }
    }
}
