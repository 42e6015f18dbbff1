using BenchmarkDotNet.Attributes;
using ChatGrpc.Server.Auth;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ChatGrpc.Benchmarks;

/// <summary>
/// An API key check, which every call signed in with a key pays: parse <c>Authorization: Bearer</c>, SHA-256 of the
/// key, one probe of the configured keys, a constant-time comparison and the expiry. The look-up alone is measured for
/// a configured and an unknown key, whose costs should be the same (no timing tells which keys exist), with one and
/// with many configured keys.
/// </summary>
[MemoryDiagnoser]
public class ApiKeyAuthenticationBenchmarks : IDisposable
{
    private const string User = "alice";

    private string _key = null!;
    private string _unknownKey = null!;
    private StringValues _authorization;
    private ConfiguredApiKeys _keys = null!;
    private BasicAuthenticator _authenticator = null!;

    [Params(1, 1_000)]
    public int ConfiguredKeys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var hasher = new Pbkdf2PasswordHasher(iterations: 1_000);
        var options = new BasicAuthOptions();
        options.Users[User] = hasher.Hash("unused"u8).Encode();
        for (var i = 0; i < ConfiguredKeys; i++)
        {
            var key = ApiKey.Create();
            options.ApiKeys[$"key-{i}"] = new ApiKeyOptions { User = User, Hash = ApiKeyHash.Of(key).Encode(), ExpiresAt = "2999-01-01T00:00:00Z" };
            _key = key;
        }

        _unknownKey = ApiKey.Create();
        _authorization = new StringValues("Bearer " + _key);
        _keys = new ConfiguredUsers(options).ApiKeys;
        _authenticator = new BasicAuthenticator(Options.Create(options), hasher, TimeProvider.System);
        if (!AuthenticateApiKey())
        {
            throw new InvalidOperationException("The set-up key was refused.");
        }
    }

    [Benchmark(Baseline = true)]
    public bool AuthenticateApiKey()
    {
        // A configured key is answered synchronously: the task is complete when it is returned.
        var authentication = _authenticator.AuthenticateAsync(_authorization, null, CancellationToken.None);
        return authentication.IsCompletedSuccessfully && authentication.Result.IsAuthenticated;
    }

    [Benchmark]
    public bool FindConfiguredKey() => _keys.Find(_key) is not null;

    [Benchmark]
    public bool FindUnknownKey() => _keys.Find(_unknownKey) is not null;

    [GlobalCleanup]
    public void Dispose()
    {
        _authenticator.Dispose();
        GC.SuppressFinalize(this);
    }
}
