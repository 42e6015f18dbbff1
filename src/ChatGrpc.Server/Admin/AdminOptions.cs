namespace ChatGrpc.Server.Admin;

/// <summary>The operator's page (<c>GET /admin</c>) and its data, bound from <c>ChatGrpc:Admin</c>.</summary>
internal sealed class AdminOptions
{
    public const string SectionName = "ChatGrpc:Admin";

    /// <summary>The most <see cref="RecentCalls"/> may be set to: the page lists them all, and stays small.</summary>
    public const int MaxRecentCalls = 5_000;

    /// <summary>How many of its last chat completion calls each instance keeps for the page (1 to 5,000; default 500). Read at start-up.</summary>
    public int RecentCalls { get; set; } = 500;
}
