using System.Data;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ChatGrpc.Server.UsageRecords;

/// <summary>
/// Usage records in a SQLite file (WAL journal, so reports do not block the writer). Costs are kept as whole
/// picodollars (10⁻¹² USD), SQLite having no decimal type: sums stay exact.
/// </summary>
internal sealed class SqliteUsageRecordStore(string path) : IUsageRecordStore
{
    private const decimal PicodollarsPerDollar = 1_000_000_000_000m;

    /// <summary>Each step brings the schema from the version before it; <c>PRAGMA user_version</c> says which ran.</summary>
    private static readonly string[] s_migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS usage_records (
            id INTEGER PRIMARY KEY,
            time_ms INTEGER NOT NULL,
            day TEXT NOT NULL,
            request_id TEXT NOT NULL,
            user_name TEXT NOT NULL,
            key_name TEXT NOT NULL,
            model TEXT NOT NULL,
            deployment TEXT NULL,
            status TEXT NOT NULL,
            prompt_tokens INTEGER NOT NULL,
            cached_prompt_tokens INTEGER NOT NULL,
            completion_tokens INTEGER NOT NULL,
            cost_picodollars INTEGER NOT NULL,
            estimated INTEGER NOT NULL,
            priced INTEGER NOT NULL,
            duration_ms REAL NOT NULL,
            transport TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS usage_records_day_user ON usage_records (day, user_name);
        CREATE INDEX IF NOT EXISTS usage_records_time ON usage_records (time_ms);
        """,
    ];

    private const string InsertSql = """
        INSERT INTO usage_records (time_ms, day, request_id, user_name, key_name, model, deployment, status, prompt_tokens,
            cached_prompt_tokens, completion_tokens, cost_picodollars, estimated, priced, duration_ms, transport)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16);
        """;

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        await using var version = connection.CreateCommand();
        version.Transaction = transaction;
        version.CommandText = "PRAGMA user_version;";
        var current = Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        for (var step = current; step < s_migrations.Length; step++)
        {
            await ExecuteAsync(connection, transaction, s_migrations[step], cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, $"PRAGMA user_version = {s_migrations.Length};", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <remarks>
    /// Rows are bound straight onto one prepared statement through SQLitePCL (the library under Microsoft.Data.Sqlite),
    /// inside Microsoft.Data.Sqlite's connection and transaction: its parameters box every value and make a binder per
    /// parameter per row, which was 0.8 KB of garbage per relayed call; text is bound as UTF-16, without a copy.
    /// </remarks>
    public async Task WriteAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var database = connection.Handle!;
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(database, InsertSql, out var insert), database);
        using (insert)
        {
            foreach (var record in records)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Bind(insert, record);
                var result = raw.sqlite3_step(insert);
                if (result != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(result, database);
                }

                raw.sqlite3_reset(insert);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Bind(sqlite3_stmt insert, UsageRecord record)
    {
        raw.sqlite3_bind_int64(insert, 1, record.Time.ToUnixTimeMilliseconds());
        raw.sqlite3_bind_text16(insert, 2, record.Day);
        raw.sqlite3_bind_text16(insert, 3, record.RequestId);
        raw.sqlite3_bind_text16(insert, 4, record.User);
        raw.sqlite3_bind_text16(insert, 5, record.KeyName);
        raw.sqlite3_bind_text16(insert, 6, record.Model);
        if (record.Deployment is { } deployment)
        {
            raw.sqlite3_bind_text16(insert, 7, deployment);
        }
        else
        {
            raw.sqlite3_bind_null(insert, 7);
        }

        raw.sqlite3_bind_text16(insert, 8, record.Status);
        raw.sqlite3_bind_int64(insert, 9, record.PromptTokens);
        raw.sqlite3_bind_int64(insert, 10, record.CachedPromptTokens);
        raw.sqlite3_bind_int64(insert, 11, record.CompletionTokens);
        raw.sqlite3_bind_int64(insert, 12, (long)decimal.Round(record.Cost * PicodollarsPerDollar));
        raw.sqlite3_bind_int(insert, 13, record.Estimated ? 1 : 0);
        raw.sqlite3_bind_int(insert, 14, record.Priced ? 1 : 0);
        raw.sqlite3_bind_double(insert, 15, record.DurationMs);
        raw.sqlite3_bind_text16(insert, 16, record.Transport);
    }

    public async Task<IReadOnlyList<UsageReportRow>> ReportAsync(UsageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = connection.CreateCommand();
        select.CommandText = UsageReportSql.Build(query, "day", "NULL", "COALESCE(SUM(cost_picodollars), 0)");
        select.Parameters.AddWithValue("@from", Day(query.From));
        select.Parameters.AddWithValue("@to", Day(query.To));
        if (query.User is not null)
        {
            select.Parameters.AddWithValue("@user", query.User);
        }

        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await UsageReportSql.ReadRowsAsync(reader, static (reader, column) => reader.GetInt64(column) / PicodollarsPerDollar, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM usage_records WHERE time_ms < @before;";
        delete.Parameters.AddWithValue("@before", before.ToUnixTimeMilliseconds());
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
