using System.Data.Common;
using System.Globalization;
using System.Text;

namespace ChatGrpc.Server.UsageRecords;

/// <summary>The report's query, the same for both databases but for how a day and a cost are read.</summary>
internal static class UsageReportSql
{
    /// <summary>The most rows one report returns; one more is read to tell that the report was cut.</summary>
    public const int MaxRows = 10_000;

    /// <summary>
    /// The rows <see cref="Build"/>'s query returns, in its column order. The token sums are read through
    /// <see cref="Convert"/> because PostgreSQL sums a bigint as numeric; the cost as each store keeps it.
    /// </summary>
    public static async Task<IReadOnlyList<UsageReportRow>> ReadRowsAsync(
        DbDataReader reader, Func<DbDataReader, int, decimal> readCostUsd, CancellationToken cancellationToken)
    {
        var rows = new List<UsageReportRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new UsageReportRow(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetInt64(3),
                Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(6), CultureInfo.InvariantCulture),
                readCostUsd(reader, 7)));
        }

        return rows;
    }

    /// <summary>
    /// <c>SELECT</c> of the groups and sums between <c>@from</c> and <c>@to</c> (and <c>@user</c> when one is asked);
    /// the grouped columns come first, a dimension not grouped by is selected as <paramref name="nullText"/>; the day as
    /// <paramref name="dayText"/> (YYYY-MM-DD text).
    /// </summary>
    public static string Build(UsageQuery query, string dayText, string nullText, string costSum)
    {
        var groups = new List<string>(3);
        if (query.ByDay)
        {
            groups.Add("day");
        }

        if (query.ByUser)
        {
            groups.Add("user_name");
        }

        if (query.ByModel)
        {
            groups.Add("model");
        }

        var sql = new StringBuilder("SELECT ");
        sql.Append(query.ByDay ? dayText : nullText).Append(", ");
        sql.Append(query.ByUser ? "user_name" : nullText).Append(", ");
        sql.Append(query.ByModel ? "model" : nullText).Append(", ");
        sql.Append("COUNT(*), COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(cached_prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0), ")
            .Append(costSum)
            .Append(" FROM usage_records WHERE day >= @from AND day <= @to");
        if (query.User is not null)
        {
            sql.Append(" AND user_name = @user");
        }

        // At least one group is always asked (the reader defaults to all three), so an empty range has no rows.
        sql.Append(" GROUP BY ").Append(string.Join(", ", groups)).Append(" ORDER BY ").Append(string.Join(", ", groups))
            .Append(" LIMIT ").Append(MaxRows + 1);
        return sql.ToString();
    }
}
