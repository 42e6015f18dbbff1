using ChatGrpc.Server.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatGrpc.Server.UsageRecords;

/// <summary>Registration of usage records: the queue calls write to, the background writer, the store and the report.</summary>
internal static class UsageServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>ChatGrpc:Usage</c> (validated at start-up) and chooses the store by <see cref="UsageOptions.Store"/>:
    /// a SQLite file under the content root, or PostgreSQL at <c>ConnectionStrings:Usage</c>.
    /// </summary>
    public static IServiceCollection AddUsageRecords(this IServiceCollection services)
    {
        services.AddValidatedOptions<UsageOptions, UsageOptionsValidator>(UsageOptions.SectionName);
        services.AddSingleton<UsageRecorder>();
        services.AddSingleton<UsageSchemaReadiness>();
        services.AddSingleton<IUsageRecordStore>(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<UsageOptions>>().Value;
            if (options.Store == UsageStoreKind.Postgres)
            {
                var connectionString = provider.GetRequiredService<IConfiguration>().GetConnectionString(UsageOptions.ConnectionStringName);
                return new PostgresUsageRecordStore(NpgsqlDataSource.Create(connectionString!));
            }

            var path = Path.Combine(provider.GetRequiredService<IHostEnvironment>().ContentRootPath, options.SqlitePath);
            return new SqliteUsageRecordStore(path);
        });
        services.AddSingleton<UsageReports>();
        services.AddHostedService<UsageRecordWriter>();
        return services;
    }
}
