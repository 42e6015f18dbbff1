using ChatGrpc.Server.Configuration;

namespace ChatGrpc.Server.UsageRecords;

/// <summary>Checks <c>ChatGrpc:Usage</c> at start-up, reporting every mistake with the key to fix.</summary>
internal sealed class UsageOptionsValidator(Microsoft.Extensions.Configuration.IConfiguration configuration) : OptionsValidator<UsageOptions>
{
    public const int MaxBufferCapacity = 1_000_000;
    public const int MaxBatchSize = 10_000;
    public static readonly TimeSpan MinPruneInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxPruneInterval = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxFlushInterval = TimeSpan.FromMinutes(1);

    protected override void Check(UsageOptions options, List<string> problems)
    {
        if (!Enum.IsDefined(options.Store))
        {
            problems.Add($"{UsageOptions.SectionName}:Store is '{options.Store}': expected Sqlite or Postgres.");
        }

        if (options.Store == UsageStoreKind.Sqlite && string.IsNullOrWhiteSpace(options.SqlitePath))
        {
            problems.Add($"{UsageOptions.SectionName}:SqlitePath is empty: name the SQLite file (default data/usage.db, under the content root).");
        }

        if (options.Store == UsageStoreKind.Postgres && string.IsNullOrWhiteSpace(configuration.GetConnectionString(UsageOptions.ConnectionStringName)))
        {
            problems.Add($"{UsageOptions.SectionName}:Store is Postgres but ConnectionStrings:{UsageOptions.ConnectionStringName} is missing (e.g. Host=postgres;Database=chatgrpc;Username=chatgrpc;Password=...).");
        }

        if (options.RetentionDays < 1)
        {
            problems.Add($"{UsageOptions.SectionName}:RetentionDays is {options.RetentionDays}: records must be kept at least 1 day (default 400).");
        }

        if (options.PruneInterval < MinPruneInterval || options.PruneInterval > MaxPruneInterval)
        {
            problems.Add($"{UsageOptions.SectionName}:PruneInterval is {options.PruneInterval}: expected {MinPruneInterval} to {MaxPruneInterval:c} (default 06:00:00).");
        }

        if (options.BufferCapacity is < 1 or > MaxBufferCapacity)
        {
            problems.Add($"{UsageOptions.SectionName}:BufferCapacity is {options.BufferCapacity}: expected 1 to {MaxBufferCapacity} records.");
        }

        if (options.FlushInterval < TimeSpan.Zero || options.FlushInterval > MaxFlushInterval)
        {
            problems.Add($"{UsageOptions.SectionName}:FlushInterval is {options.FlushInterval}: expected 00:00:00 (write at once) to {MaxFlushInterval:c} (default 00:00:00.5).");
        }

        if (options.BatchSize is < 1 or > MaxBatchSize)
        {
            problems.Add($"{UsageOptions.SectionName}:BatchSize is {options.BatchSize}: expected 1 to {MaxBatchSize} records.");
        }
    }
}
