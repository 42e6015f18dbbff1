using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>
/// A real PostgreSQL (Debian's package, installed by the test build) in a private cluster: <c>initdb</c> in a temporary
/// directory, <c>pg_ctl</c> on a free loopback port, trust authentication for loopback only. PostgreSQL refuses to run
/// as root, so under root the cluster belongs to the package's <c>postgres</c> user (through util-linux's <c>runuser</c>,
/// part of every Debian), in a directory under <c>/tmp</c> that user can reach. It can be stopped and started again on
/// the same port, as an outage would.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string ServiceUser = "postgres";

    /// <summary>Under root, <c>postgres</c> must reach the directory: a <c>TMPDIR</c> under <c>/root</c> would not do.</summary>
    private readonly string _directory = Environment.IsPrivilegedProcess
        ? Directory.CreateDirectory(Path.Combine("/tmp", "chatgrpc-postgres-" + Guid.NewGuid().ToString("N"))).FullName
        : Directory.CreateTempSubdirectory("chatgrpc-postgres-").FullName;
    private readonly string _binaries = Binaries();
    private int _databases;

    public int Port { get; } = ChatGrpcServerFixture.FreeLoopbackPort();

    private string DataDirectory => Path.Combine(_directory, "data");

    public async Task InitializeAsync()
    {
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", [ServiceUser, _directory], asServiceUser: false);
        }

        await RunAsync(Path.Combine(_binaries, "initdb"), ["-D", DataDirectory, "-U", ServiceUser, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"], asServiceUser: true);
        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public Task StartAsync() => RunAsync(
        Path.Combine(_binaries, "pg_ctl"),
        ["-D", DataDirectory, "-l", Path.Combine(_directory, "log"), "-w", "-t", "60", "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)} -c listen_addresses=127.0.0.1 -k {_directory} -c fsync=off", "start"],
        asServiceUser: true);

    /// <summary>Stops the server at once, as a crash would look to its clients.</summary>
    public async Task StopAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], asServiceUser: true);
        }
    }

    /// <summary>A new, empty database; returns its connection string (<c>ConnectionStrings:Usage</c>).</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "usage_" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture);
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username={ServiceUser};Database={database};Timeout=5;Pooling=false";

    /// <remarks>
    /// In the cluster's directory, which <c>postgres</c> can enter (the test's own, under <c>/root</c>, it cannot); initdb
    /// without the caller's locale (<c>--no-locale</c>), which a fresh machine may name without having generated it.
    /// </remarks>
    private async Task RunAsync(string file, string[] arguments, bool asServiceUser)
    {
        var startInfo = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        if (asServiceUser && Environment.IsPrivilegedProcess)
        {
            // By its path: a root PATH without the sbin directories (some CI shells) must not lose it.
            startInfo.FileName = File.Exists("/usr/sbin/runuser") ? "/usr/sbin/runuser" : File.Exists("/sbin/runuser") ? "/sbin/runuser" : "runuser";
            foreach (var argument in new[] { "-u", ServiceUser, "--", file })
            {
                startInfo.ArgumentList.Add(argument);
            }
        }
        else
        {
            startInfo.FileName = file;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    private static string Binaries()
    {
        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(static d => Path.Combine(d, "bin")).Where(static d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException("PostgreSQL is not installed; the test build installs it with tests/postgres/install-postgresql.");
    }
}
