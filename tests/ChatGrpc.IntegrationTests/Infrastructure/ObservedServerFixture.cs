using ChatGrpc.Server.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>
/// The gateway with a fresh <see cref="ObservingProvider"/> per model name handed out by <see cref="NewModel"/>, and
/// every log record kept, so tests see from the server's side what a client's going away did.
/// </summary>
public sealed class ObservedServerFixture : ChatGrpcServerFixture
{
    private const int ModelsPerKind = 16;

    private readonly ObservingProvider[] _quiet = [.. Enumerable.Range(0, ModelsPerKind).Select(_ => new ObservingProvider(flood: false))];
    private readonly ObservingProvider[] _flooding = [.. Enumerable.Range(0, ModelsPerKind).Select(_ => new ObservingProvider(flood: true))];
    private int _nextQuiet;
    private int _nextFlooding;

    public FakeLogCollector Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
    };

    /// <summary>A model no other test uses, and the provider behind it; with <paramref name="flood"/>, its stream floods the client.</summary>
    public (string Model, ObservingProvider Provider) NewModel(bool flood = false)
    {
        var index = Interlocked.Increment(ref flood ? ref _nextFlooding : ref _nextQuiet) - 1;
        if (index >= ModelsPerKind)
        {
            throw new InvalidOperationException($"Only {ModelsPerKind} observed models of each kind are registered.");
        }

        return (Name(flood, index), (flood ? _flooding : _quiet)[index]);
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        for (var i = 0; i < ModelsPerKind; i++)
        {
            services.AddSingleton(new ModelRoute(Name(flood: false, i), _quiet[i]));
            services.AddSingleton(new ModelRoute(Name(flood: true, i), _flooding[i]));
        }

        services.AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(Logs)));
    }

    private static string Name(bool flood, int index) => flood ? $"flooding-{index}" : $"observed-{index}";
}
