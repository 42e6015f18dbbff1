using ChatGrpc.Server.Configuration;

namespace ChatGrpc.Server.Admin;

/// <summary>Checks <c>ChatGrpc:Admin</c> at start-up, naming the key.</summary>
internal sealed class AdminOptionsValidator : OptionsValidator<AdminOptions>
{
    protected override void Check(AdminOptions options, List<string> problems)
    {
        if (options.RecentCalls is < 1 or > AdminOptions.MaxRecentCalls)
        {
            problems.Add($"{AdminOptions.SectionName}:{nameof(AdminOptions.RecentCalls)} must be between 1 and {AdminOptions.MaxRecentCalls}.");
        }
    }
}
