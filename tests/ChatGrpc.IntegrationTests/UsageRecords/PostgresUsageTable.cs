using Npgsql;
using NpgsqlTypes;

namespace ChatGrpc.IntegrationTests.UsageRecords;

/// <summary>The gateways' PostgreSQL database, opened beside them.</summary>
internal sealed class PostgresUsageTable(string connectionString) : IUsageTable
{
    public async Task InsertAsync(DateTimeOffset time, string requestId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO usage_records (at, day, request_id, user_name, key_name, model, deployment, status, prompt_tokens,
                cached_prompt_tokens, completion_tokens, cost_usd, estimated, priced, duration_ms, transport)
            VALUES (@at, @day, @request_id, @user, 'basic', @model, 'mock/ok', 'ok', @prompt, 0, @completion, @cost, false, true, 1.0, 'rest');
            """,
            connection);
        insert.Parameters.AddWithValue("at", NpgsqlDbType.TimestampTz, time.UtcDateTime);
        insert.Parameters.AddWithValue("day", NpgsqlDbType.Date, DateOnly.FromDateTime(time.UtcDateTime));
        insert.Parameters.AddWithValue("request_id", NpgsqlDbType.Text, requestId);
        insert.Parameters.AddWithValue("user", NpgsqlDbType.Text, UsageSettings.Alice);
        insert.Parameters.AddWithValue("model", NpgsqlDbType.Text, UsageSettings.Priced);
        insert.Parameters.AddWithValue("prompt", NpgsqlDbType.Bigint, RetentionScenario.SeededPromptTokens);
        insert.Parameters.AddWithValue("completion", NpgsqlDbType.Bigint, RetentionScenario.SeededCompletionTokens);
        insert.Parameters.AddWithValue("cost", NpgsqlDbType.Numeric, RetentionScenario.SeededCost);
        await insert.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<string>> RequestIdsAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT request_id FROM usage_records ORDER BY id", connection);
        var ids = new List<string>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
