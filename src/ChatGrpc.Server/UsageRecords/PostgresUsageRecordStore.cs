using Npgsql;
using NpgsqlTypes;

namespace ChatGrpc.Server.UsageRecords;

/// <summary>
/// Usage records in PostgreSQL, shared by every instance: batches go in by binary <c>COPY</c>, costs are
/// <c>numeric</c> (exact), and the schema is migrated under an advisory lock so that instances starting together take
/// turns.
/// </summary>
internal sealed class PostgresUsageRecordStore(NpgsqlDataSource dataSource) : IUsageRecordStore
{
    /// <summary>Any fixed number: the lock every instance takes to migrate the schema.</summary>
    private const long MigrationLock = 0x43_68_61_74_47_72_70_63;

    /// <summary>Each step brings the schema from the version before it; <c>usage_schema</c> says which ran.</summary>
    private static readonly string[] s_migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS usage_records (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at timestamptz NOT NULL,
            day date NOT NULL,
            request_id text NOT NULL,
            user_name text NOT NULL,
            key_name text NOT NULL,
            model text NOT NULL,
            deployment text NULL,
            status text NOT NULL,
            prompt_tokens bigint NOT NULL,
            cached_prompt_tokens bigint NOT NULL,
            completion_tokens bigint NOT NULL,
            cost_usd numeric(24, 12) NOT NULL,
            estimated boolean NOT NULL,
            priced boolean NOT NULL,
            duration_ms double precision NOT NULL,
            transport text NOT NULL);
        CREATE INDEX IF NOT EXISTS usage_records_day_user ON usage_records (day, user_name);
        CREATE INDEX IF NOT EXISTS usage_records_at ON usage_records (at);
        """,
    ];

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock});", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS usage_schema (version integer NOT NULL);", cancellationToken).ConfigureAwait(false);
        await using var version = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM usage_schema;", connection, transaction);
        var current = Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        for (var step = current; step < s_migrations.Length; step++)
        {
            await ExecuteAsync(connection, transaction, s_migrations[step], cancellationToken).ConfigureAwait(false);
        }

        if (current < s_migrations.Length)
        {
            await ExecuteAsync(connection, transaction, $"DELETE FROM usage_schema; INSERT INTO usage_schema (version) VALUES ({s_migrations.Length});", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var import = await connection.BeginBinaryImportAsync(
            """
            COPY usage_records (at, day, request_id, user_name, key_name, model, deployment, status, prompt_tokens,
                cached_prompt_tokens, completion_tokens, cost_usd, estimated, priced, duration_ms, transport) FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken).ConfigureAwait(false);
        foreach (var record in records)
        {
            await import.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await import.WriteAsync(record.Time.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
            await import.WriteAsync(DateOnly.FromDateTime(record.Time.UtcDateTime), NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
            await import.WriteAsync(record.RequestId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await import.WriteAsync(record.User, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await import.WriteAsync(record.KeyName, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await import.WriteAsync(record.Model, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            if (record.Deployment is null)
            {
                await import.WriteNullAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await import.WriteAsync(record.Deployment, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }

            await import.WriteAsync(record.Status, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await import.WriteAsync(record.PromptTokens, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await import.WriteAsync(record.CachedPromptTokens, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await import.WriteAsync(record.CompletionTokens, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await import.WriteAsync(record.Cost, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
            await import.WriteAsync(record.Estimated, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
            await import.WriteAsync(record.Priced, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
            await import.WriteAsync(record.DurationMs, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
            await import.WriteAsync(record.Transport, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        }

        await import.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<UsageReportRow>> ReportAsync(UsageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = UsageReportSql.Build(query, "to_char(day, 'YYYY-MM-DD')", "NULL::text", "COALESCE(SUM(cost_usd), 0)");
        await using var select = dataSource.CreateCommand(sql);
        select.Parameters.AddWithValue("from", NpgsqlDbType.Date, query.From);
        select.Parameters.AddWithValue("to", NpgsqlDbType.Date, query.To);
        if (query.User is not null)
        {
            select.Parameters.AddWithValue("user", NpgsqlDbType.Text, query.User);
        }

        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await UsageReportSql.ReadRowsAsync(reader, static (reader, column) => reader.GetDecimal(column), cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var delete = dataSource.CreateCommand("DELETE FROM usage_records WHERE at < @before;");
        delete.Parameters.AddWithValue("before", NpgsqlDbType.TimestampTz, before.UtcDateTime);
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
