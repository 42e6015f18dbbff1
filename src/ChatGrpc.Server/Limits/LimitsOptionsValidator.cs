using ChatGrpc.Server.Configuration;

namespace ChatGrpc.Server.Limits;

/// <summary>Refuses limits that cannot work, every problem at once; nothing is silently clamped.</summary>
internal sealed class LimitsOptionsValidator : OptionsValidator<LimitsOptions>
{
    protected override void Check(LimitsOptions options, List<string> problems)
    {
        const string Section = LimitsOptions.SectionName;
        problems.RequireAtLeast($"{Section}:{nameof(LimitsOptions.MaxConcurrentCalls)}", options.MaxConcurrentCalls, 1);
        problems.RequireNotNegative($"{Section}:{nameof(LimitsOptions.QueueLength)}", options.QueueLength);
        problems.RequirePositive($"{Section}:{nameof(LimitsOptions.StalledClientTimeout)}", options.StalledClientTimeout);
        problems.RequirePositive($"{Section}:{nameof(LimitsOptions.RetryAfter)}", options.RetryAfter);
        problems.RequireAtLeast($"{Section}:{nameof(LimitsOptions.MaxConnections)}", options.MaxConnections, 1);
        problems.RequireNotNegative($"{Section}:{nameof(LimitsOptions.ReservedFileDescriptors)}", options.ReservedFileDescriptors);
    }
}
