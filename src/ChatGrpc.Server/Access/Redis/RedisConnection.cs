using System.Reflection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatGrpc.Server.Access.Redis;

/// <summary>
/// The one connection to the Redis that instances share limits and failed sign-ins through
/// (<c>ConnectionStrings:Redis</c>). Start-up never waits for Redis: until it answers, and whenever it stops, every
/// command fails at once (no queueing behind a dead connection), and the stores apply
/// <see cref="AccessOptions.RedisFailure"/>.
/// </summary>
internal sealed class RedisConnection : IDisposable
{
    public const string ConnectionStringName = "Redis";

    private readonly ILogger _logger;

    public RedisConnection(IConfiguration configuration, IOptions<AccessOptions> options, ILogger<RedisConnection> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        KeyPrefix = options.Value.RedisKeyPrefix;
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} must be set when {AccessOptions.SectionName}:Store is Redis.");
        }

        Multiplexer = ConnectionMultiplexer.Connect(Parse(connectionString));
        Multiplexer.ConnectionFailed += (_, failure) => AccessLog.RedisConnectionFailed(_logger, failure.EndPoint, failure.FailureType);
        Multiplexer.ConnectionRestored += (_, restored) => AccessLog.RedisConnectionRestored(_logger, restored.EndPoint);
    }

    public IConnectionMultiplexer Multiplexer { get; }

    public IDatabase Database => Multiplexer.GetDatabase();

    /// <summary>Prefixed to every key (<see cref="AccessOptions.RedisKeyPrefix"/>).</summary>
    public string KeyPrefix { get; }

    public bool IsConnected => Multiplexer.IsConnected;

    public void Dispose() => Multiplexer.Dispose();

    /// <summary>Whether <paramref name="exception"/> says Redis could not be reached in time (as opposed to a fault of ours).</summary>
    public static bool IsUnreachable(Exception exception) => exception is RedisConnectionException or RedisTimeoutException;

    /// <summary>A script shipped with the server (<c>*.lua</c> beside the code that runs it).</summary>
    public static string ReadScript(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"ChatGrpc.Server.Redis.{name}.lua")
            ?? throw new InvalidOperationException($"The Redis script {name}.lua is not in the server's assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static ConfigurationOptions Parse(string connectionString)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException)
        {
            // The string may hold a password: it is not repeated.
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not a StackExchange.Redis configuration string (e.g. 127.0.0.1:6379,password=...).");
        }

        // Serve or refuse at once: a limiter that waits for Redis would hold every call for the whole timeout.
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        if (!Mentions(connectionString, "connectTimeout"))
        {
            options.ConnectTimeout = 2_000;
        }

        if (!Mentions(connectionString, "asyncTimeout"))
        {
            options.AsyncTimeout = 1_000;
        }

        if (!Mentions(connectionString, "syncTimeout"))
        {
            options.SyncTimeout = 1_000;
        }

        options.ClientName ??= "chatgrpc";
        return options;
    }

    private static bool Mentions(string connectionString, string key) => connectionString.Contains(key + "=", StringComparison.OrdinalIgnoreCase);
}
