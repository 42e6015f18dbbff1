using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ChatGrpc.IntegrationTests.UsageRecords;

/// <summary>The gateway's SQLite file, opened beside it (WAL lets both write).</summary>
internal sealed class SqliteUsageTable(string path) : IUsageTable
{
    public async Task InsertAsync(DateTimeOffset time, string requestId)
    {
        await using var connection = await OpenAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO usage_records (time_ms, day, request_id, user_name, key_name, model, deployment, status, prompt_tokens,
                cached_prompt_tokens, completion_tokens, cost_picodollars, estimated, priced, duration_ms, transport)
            VALUES (@time, @day, @request_id, @user, 'basic', @model, 'mock/ok', 'ok', @prompt, 0, @completion, @cost, 0, 1, 1.0, 'rest');
            """;
        insert.Parameters.AddWithValue("@time", time.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("@day", time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("@request_id", requestId);
        insert.Parameters.AddWithValue("@user", UsageSettings.Alice);
        insert.Parameters.AddWithValue("@model", UsageSettings.Priced);
        insert.Parameters.AddWithValue("@prompt", RetentionScenario.SeededPromptTokens);
        insert.Parameters.AddWithValue("@completion", RetentionScenario.SeededCompletionTokens);
        insert.Parameters.AddWithValue("@cost", (long)(RetentionScenario.SeededCost * 1_000_000_000_000m));
        await insert.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<string>> RequestIdsAsync()
    {
        await using var connection = await OpenAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT request_id FROM usage_records ORDER BY id";
        var ids = new List<string>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        return connection;
    }
}
