using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Admin;

/// <summary>Checks <c>ChatGrpc:Admin</c> at start-up, naming the key.</summary>
internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.RecentCalls is > 0 and <= AdminOptions.MaxRecentCalls
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{AdminOptions.SectionName}:{nameof(AdminOptions.RecentCalls)} must be between 1 and {AdminOptions.MaxRecentCalls}.");
    }
}
