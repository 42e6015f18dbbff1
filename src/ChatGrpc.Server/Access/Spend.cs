namespace ChatGrpc.Server.Access;

/// <summary>
/// Budgets are counted in whole nanodollars (10⁻⁹ USD): exact in Redis's integers and in its Lua scripts' doubles up to
/// nine million dollars, and fine enough for any per-token price. Costs are rounded up, on the side of the budget.
/// </summary>
internal static class Spend
{
    private const decimal NanodollarsPerDollar = 1_000_000_000m;

    public static long Nanodollars(decimal dollars) => dollars <= 0 ? 0 : (long)Math.Min(long.MaxValue, Math.Ceiling(dollars * NanodollarsPerDollar));

    public static decimal Dollars(long nanodollars) => nanodollars / NanodollarsPerDollar;

    /// <summary>The UTC calendar month of <paramref name="unixMilliseconds"/>, as months since January 1970.</summary>
    public static long Month(long unixMilliseconds)
    {
        var date = DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime;
        return ((date.Year - 1970) * 12L) + date.Month - 1;
    }

    /// <summary>How long until the UTC calendar month after that of <paramref name="unixMilliseconds"/> begins.</summary>
    public static TimeSpan UntilNextMonth(long unixMilliseconds)
    {
        var date = DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime;
        var next = new DateTime(date.Year, date.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
        return UsageWindow.Until(new DateTimeOffset(next).ToUnixTimeMilliseconds(), unixMilliseconds);
    }
}
