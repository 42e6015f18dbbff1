using ChatGrpc.Server.UsageRecords;
using Microsoft.Extensions.DependencyInjection;

namespace ChatGrpc.IntegrationTests.Admin;

/// <summary>Usage records of past calls, written straight into the gateway's database through its own store.</summary>
internal static class UsageSeed
{
    public const string UserPrefix = "team-";

    public static async Task WriteAsync(IServiceProvider services, int count)
    {
        var store = services.GetRequiredService<IUsageRecordStore>();
        // The gateway migrates its schema in the background at start-up; migrating is safe to run again.
        await store.MigrateAsync(CancellationToken.None);
        var today = DateTimeOffset.UtcNow.Date;
        var models = new[] { "gpt-4o", "gpt-4o-mini", "claude-sonnet", "llama-70b", AdminServerFixture.OkModel };
        var batch = new List<UsageRecord>(500);
        for (var i = 0; i < count; i++)
        {
            // Every day from 59 days ago to yesterday: today's figures are the tests' real calls alone.
            var day = new DateTimeOffset(today.AddDays(-1 - (i % 59)), TimeSpan.Zero).AddMinutes(i % 1_440);
            var prompt = 200 + (i % 900);
            var completion = 50 + (i % 400);
            batch.Add(new UsageRecord(
                day,
                $"seed-{i:D6}",
                UserPrefix + (i % 20).ToString("D2", System.Globalization.CultureInfo.InvariantCulture),
                i % 3 == 0 ? "basic" : "ci-key",
                models[i % models.Length],
                "mock/ok",
                i % 50 == 0 ? "rate_limited" : "ok",
                prompt,
                prompt / 4,
                completion,
                decimal.Round((prompt * 2.5m / 1_000_000) + (completion * 10m / 1_000_000), 12),
                Estimated: false,
                Priced: true,
                DurationMs: 300 + (i % 700),
                Transport: i % 2 == 0 ? "rest" : "grpc"));
            if (batch.Count == batch.Capacity)
            {
                await store.WriteAsync(batch, CancellationToken.None);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await store.WriteAsync(batch, CancellationToken.None);
        }
    }
}
