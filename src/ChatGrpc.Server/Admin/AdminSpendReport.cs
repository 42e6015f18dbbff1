using System.Globalization;
using ChatGrpc.Server.Access;
using ChatGrpc.Server.Auth;
using ChatGrpc.Server.Configuration;
using ChatGrpc.Server.UsageRecords;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Admin;

/// <summary>
/// The spend section of the operator's page, from the usage records (every instance's, in the shared database): today,
/// this month, a range by user and by model, spend per day over 30 days, and each user's limits and budgets beside
/// the current windows' use. Per-minute use is this instance's own, from <see cref="RecentCallsBuffer"/>: the records
/// are kept by the day.
/// </summary>
internal sealed class AdminSpendReport(
    IUsageRecordStore store,
    UserDirectory users,
    ReloadingSettings<AccessOptions, AccessPolicy> access,
    RecentCallsBuffer recentCalls,
    TimeProvider timeProvider)
{
    public const int ChartDays = 30;

    /// <summary>What the page says when the database did not answer (the rest of the page still updates).</summary>
    public const string RecordsProblem = "The usage records database did not answer; spend is not shown. Calls are served, and their records are kept in memory up to ChatGrpc:Usage:BufferCapacity meanwhile.";

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <param name="from">The range's first UTC day, validated as the usage report validates it.</param>
    /// <param name="to">Its last UTC day, included.</param>
    public async Task<GetSpendResponse> ReadAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var chartStart = today.AddDays(-(ChartDays - 1));
        var response = new GetSpendResponse { From = Day(from), To = Day(to) };
        IReadOnlyList<UsageReportRow> days, byUser, byModel, monthByDayAndUser;
        try
        {
            (days, byUser, byModel, monthByDayAndUser) = await ReadGroupsAsync(from, to, today, monthStart, chartStart, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            response.RecordsAvailable = false;
            response.RecordsProblem = RecordsProblem;
            return response;
        }

        response.RecordsAvailable = true;
        var todayText = Day(today);
        response.Today = Sum(string.Empty, days.Where(row => row.Date == todayText));
        response.Month = Sum(string.Empty, days.Where(row => string.CompareOrdinal(row.Date, Day(monthStart)) >= 0));
        response.Range = Sum(string.Empty, byUser);
        response.ByUser.AddRange(byUser.OrderByDescending(static row => row.CostUsd).ThenBy(static row => row.User, StringComparer.Ordinal).Select(row => Totals(row.User ?? string.Empty, row)));
        response.ByModel.AddRange(byModel.OrderByDescending(static row => row.CostUsd).ThenBy(static row => row.Model, StringComparer.Ordinal).Select(row => Totals(row.Model ?? string.Empty, row)));
        var byDay = days.ToDictionary(static row => row.Date ?? string.Empty, StringComparer.Ordinal);
        for (var day = chartStart; day <= today; day = day.AddDays(1))
        {
            var found = byDay.GetValueOrDefault(Day(day));
            response.Daily.Add(new DailySpend { Date = Day(day), CostUsd = (double)(found?.CostUsd ?? 0), Requests = found?.Requests ?? 0 });
        }

        var todayByUser = monthByDayAndUser.Where(row => row.Date == todayText).ToArray();
        var monthByUser = monthByDayAndUser.GroupBy(static row => row.User ?? string.Empty, StringComparer.Ordinal)
            .Select(static group => group.Aggregate(static (sum, row) => sum.Plus(row)))
            .ToArray();
        response.Users.AddRange(Allowances(now, todayByUser, monthByUser));
        return response;
    }

    /// <summary>
    /// The sums the page needs, from one pass over the records when the days, users and models involved make few enough
    /// groups (the usual case: one scan of the table's recent days), else from four narrower reads at once.
    /// </summary>
    private async Task<(IReadOnlyList<UsageReportRow> Days, IReadOnlyList<UsageReportRow> ByUser, IReadOnlyList<UsageReportRow> ByModel, IReadOnlyList<UsageReportRow> MonthByDayAndUser)> ReadGroupsAsync(
        DateOnly from, DateOnly to, DateOnly today, DateOnly monthStart, DateOnly chartStart, CancellationToken cancellationToken)
    {
        var earliest = new[] { from, monthStart, chartStart }.Min();
        var latest = to > today ? to : today;
        var all = await store.ReportAsync(new UsageQuery(earliest, latest, null, ByDay: true, ByUser: true, ByModel: true), cancellationToken).ConfigureAwait(false);
        if (all.Count <= UsageReportSql.MaxRows)
        {
            var fromText = Day(from);
            var toText = Day(to);
            var monthText = Day(monthStart);
            var todayText = Day(today);
            var inRange = all.Where(row => string.CompareOrdinal(row.Date, fromText) >= 0 && string.CompareOrdinal(row.Date, toText) <= 0).ToArray();
            var recentStart = Day(monthStart < chartStart ? monthStart : chartStart);
            var recent = all.Where(row => string.CompareOrdinal(row.Date, recentStart) >= 0 && string.CompareOrdinal(row.Date, todayText) <= 0);
            return (
                Grouped(recent, static row => row.Date, static (row, key) => row with { Date = key, User = null, Model = null }),
                Grouped(inRange, static row => row.User, static (row, key) => row with { Date = null, User = key, Model = null }),
                Grouped(inRange, static row => row.Model, static (row, key) => row with { Date = null, User = null, Model = key }),
                Grouped(all.Where(row => string.CompareOrdinal(row.Date, monthText) >= 0 && string.CompareOrdinal(row.Date, todayText) <= 0), static row => row.Date + "\n" + row.User, static (row, _) => row with { Model = null }));
        }

        // Four reads at once (SQLite and PostgreSQL both serve concurrent readers): the page waits for the slowest.
        var reads = new[]
        {
            store.ReportAsync(new UsageQuery(monthStart < chartStart ? monthStart : chartStart, today, null, ByDay: true, ByUser: false, ByModel: false), cancellationToken),
            store.ReportAsync(new UsageQuery(from, to, null, ByDay: false, ByUser: true, ByModel: false), cancellationToken),
            store.ReportAsync(new UsageQuery(from, to, null, ByDay: false, ByUser: false, ByModel: true), cancellationToken),
            store.ReportAsync(new UsageQuery(monthStart, today, null, ByDay: true, ByUser: true, ByModel: false), cancellationToken),
        };
        var results = await Task.WhenAll(reads).ConfigureAwait(false);
        return (results[0], results[1], results[2], results[3]);
    }

    /// <summary>The rows summed by <paramref name="key"/>, each group's first row reshaped by <paramref name="shape"/>.</summary>
    private static UsageReportRow[] Grouped(IEnumerable<UsageReportRow> rows, Func<UsageReportRow, string?> key, Func<UsageReportRow, string?, UsageReportRow> shape) =>
        rows.GroupBy(key, StringComparer.Ordinal)
            .Select(group => group.Skip(1).Aggregate(shape(group.First(), group.Key), static (sum, row) => sum.Plus(row)))
            .ToArray();

    private IEnumerable<UserAllowance> Allowances(DateTimeOffset now, IReadOnlyList<UsageReportRow> todayByUser, IReadOnlyList<UsageReportRow> monthByUser)
    {
        var policy = access.Current;
        var lastMinute = recentCalls.NewestFirst().TakeWhile(call => now - call.Time < TimeSpan.FromMinutes(1)).ToArray();
        foreach (var user in users.Current.Hashes.Keys.Order(StringComparer.Ordinal))
        {
            var limits = policy.For(user).Limits;
            if (!limits.Any)
            {
                continue;
            }

            var today = todayByUser.FirstOrDefault(row => row.User == user);
            var month = monthByUser.FirstOrDefault(row => row.User == user);
            var mine = lastMinute.Where(call => string.Equals(call.User, user, StringComparison.Ordinal)).ToArray();
            var allowance = new UserAllowance { User = user };
            Add(allowance, "RequestsPerMinute", limits.RequestsPerMinute, mine.Length);
            Add(allowance, "TokensPerMinute", limits.TokensPerMinute, mine.Sum(static call => (call.PromptTokens ?? 0) + (call.CompletionTokens ?? 0)));
            Add(allowance, "TokensPerDay", limits.TokensPerDay, today is null ? 0 : today.PromptTokens + today.CompletionTokens);
            Add(allowance, "SpendPerDay", limits.SpendPerDay is { } day ? (double)Spend.Dollars(day) : null, (double)(today?.CostUsd ?? 0));
            Add(allowance, "SpendPerMonth", limits.SpendPerMonth is { } monthly ? (double)Spend.Dollars(monthly) : null, (double)(month?.CostUsd ?? 0));
            yield return allowance;
        }
    }

    private static void Add(UserAllowance allowance, string name, double? limit, double used)
    {
        if (limit is { } value)
        {
            allowance.Limits.Add(new AllowanceUse { Name = name, Limit = value, Used = used });
        }
    }

    private static UsageTotals Sum(string name, IEnumerable<UsageReportRow> rows)
    {
        var totals = new UsageTotals { Name = name };
        decimal cost = 0;
        foreach (var row in rows)
        {
            totals.Requests += row.Requests;
            totals.PromptTokens += row.PromptTokens;
            totals.CachedPromptTokens += row.CachedPromptTokens;
            totals.CompletionTokens += row.CompletionTokens;
            cost += row.CostUsd;
        }

        totals.CostUsd = (double)cost;
        return totals;
    }

    private static UsageTotals Totals(string name, UsageReportRow row) => new()
    {
        Name = name,
        Requests = row.Requests,
        PromptTokens = row.PromptTokens,
        CachedPromptTokens = row.CachedPromptTokens,
        CompletionTokens = row.CompletionTokens,
        CostUsd = (double)row.CostUsd,
    };
}
