using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Limits;

/// <summary>Refuses limits that cannot work, every problem at once; nothing is silently clamped.</summary>
internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var failures = new List<string>();
        if (options.MaxConcurrentCalls < 1)
        {
            failures.Add($"{LimitsOptions.SectionName}:{nameof(LimitsOptions.MaxConcurrentCalls)} must be at least 1.");
        }

        if (options.QueueLength < 0)
        {
            failures.Add($"{LimitsOptions.SectionName}:{nameof(LimitsOptions.QueueLength)} must not be negative.");
        }

        if (options.StalledClientTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{LimitsOptions.SectionName}:{nameof(LimitsOptions.StalledClientTimeout)} must be positive.");
        }

        if (options.RetryAfter <= TimeSpan.Zero)
        {
            failures.Add($"{LimitsOptions.SectionName}:{nameof(LimitsOptions.RetryAfter)} must be positive.");
        }

        if (options.MaxConnections is < 1)
        {
            failures.Add($"{LimitsOptions.SectionName}:{nameof(LimitsOptions.MaxConnections)} must be at least 1.");
        }

        if (options.ReservedFileDescriptors < 0)
        {
            failures.Add($"{LimitsOptions.SectionName}:{nameof(LimitsOptions.ReservedFileDescriptors)} must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
