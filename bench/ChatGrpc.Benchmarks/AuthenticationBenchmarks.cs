using System.Text;
using BenchmarkDotNet.Attributes;
using ChatGrpc.Server.Auth;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ChatGrpc.Benchmarks;

/// <summary>
/// HTTP Basic authentication of a credential verified moments ago, which every request after a client's first
/// pays: parse the header, decode base64, HMAC the credential and look it up in the cache.
/// </summary>
[MemoryDiagnoser]
public class AuthenticationBenchmarks : IDisposable
{
    private const string User = "alice";
    private const string Password = "correct horse battery staple";

    private readonly StringValues _authorization = new("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(User + ":" + Password)));
    private BasicAuthenticator _authenticator = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Few iterations: the hash is checked once here, to fill the cache, and never while measuring.
        var hasher = new Pbkdf2PasswordHasher(iterations: 1_000);
        var options = new BasicAuthOptions { VerifiedCredentialLifetime = TimeSpan.FromHours(1) };
        options.Users[User] = hasher.Hash(Encoding.UTF8.GetBytes(Password)).Encode();
        _authenticator = new BasicAuthenticator(Options.Create(options), hasher, TimeProvider.System);
        var first = _authenticator.AuthenticateAsync(_authorization, null, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        if (!first.IsAuthenticated)
        {
            throw new InvalidOperationException($"Set-up credential was refused: {first.Outcome}.");
        }
    }

    [Benchmark]
    public bool AuthenticateCachedCredential()
    {
        // A remembered credential is answered synchronously: the task is complete when it is returned.
        var authentication = _authenticator.AuthenticateAsync(_authorization, null, CancellationToken.None);
        return authentication.IsCompletedSuccessfully && authentication.Result.IsAuthenticated;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _authenticator.Dispose();
        GC.SuppressFinalize(this);
    }
}
