using System.Text;
using ChatGrpc.Server.Auth;
using ChatGrpc.Tests.Shared;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatGrpc.Tests.Auth;

public sealed class PasswordCheckConcurrencyTests : IDisposable
{
    private readonly BlockingPasswordHasher _hasher = new();
    private readonly FakeTimeProvider _time = new();
    private readonly List<BasicAuthenticator> _authenticators = [];

    [Fact]
    public async Task Checks_RunAtMostTheBoundAtOnce_AndRefuseAtOnceWhenTheQueueIsFull()
    {
        var authenticator = CreateAuthenticator(maxConcurrent: 2, maxQueued: 3);

        // Ten different credentials, so none shares another's check, and no address, so none is throttled.
        var calls = Enumerable.Range(0, 10)
            .Select(i => authenticator.AuthenticateAsync(AuthTestCredentials.Basic($"user{i}", "wrong"), null, CancellationToken.None).AsTask())
            .ToList();
        await _hasher.WaitForStartsAsync(2);

        // Two run, three wait, five are refused without waiting.
        var refused = calls.Where(call => call.IsCompleted).ToList();
        Assert.Equal(5, refused.Count);
        Assert.All(refused, call => Assert.Equal(AuthenticationResult.Throttled(TimeSpan.FromSeconds(1)), call.Result));

        _hasher.Release();
        var results = await Task.WhenAll(calls.Where(call => !refused.Contains(call)));

        Assert.All(results, result => Assert.Equal(AuthenticationResult.IncorrectCredentials, result));
        Assert.Equal(5, _hasher.Started);
        Assert.Equal(2, _hasher.MaxRunning);
    }

    [Fact]
    public async Task Checks_RunOnThreadsOfTheirOwn_NeverTheCallersNorThePools()
    {
        var authenticator = CreateAuthenticator(maxConcurrent: 1, maxQueued: 4);
        var callerThread = Thread.CurrentThread;

        var call = authenticator.AuthenticateAsync(AuthTestCredentials.Basic("alice", "alice-password"), null, CancellationToken.None);

        // The caller got its answer-to-be back while the check is still blocked: it did not derive itself.
        Assert.False(call.IsCompleted);
        await _hasher.WaitForStartsAsync(1);
        _hasher.Release();
        Assert.Equal(AuthenticationResult.Authenticated("alice"), await call);

        var checkThread = Assert.Single(_hasher.Threads);
        Assert.NotSame(callerThread, checkThread);
        Assert.False(checkThread.IsThreadPoolThread);
        Assert.Equal("ChatGrpc password check", checkThread.Name);
    }

    [Fact]
    public async Task ACallerGivingUp_StopsWaiting_WhileTheSharedCheckGoesOn()
    {
        var authenticator = CreateAuthenticator(maxConcurrent: 1, maxQueued: 4);
        var header = AuthTestCredentials.Basic("alice", "alice-password");
        using var cancellation = new CancellationTokenSource();

        var leaving = authenticator.AuthenticateAsync(header, null, cancellation.Token).AsTask();
        await _hasher.WaitForStartsAsync(1);
        var staying = authenticator.AuthenticateAsync(header, null, CancellationToken.None).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        Assert.False(staying.IsCompleted);
        _hasher.Release();
        Assert.Equal(AuthenticationResult.Authenticated("alice"), await staying);
        Assert.Equal(1, _hasher.Started);
    }

    public void Dispose()
    {
        _hasher.Dispose();
        foreach (var authenticator in _authenticators)
        {
            authenticator.Dispose();
        }
    }

    private BasicAuthenticator CreateAuthenticator(int maxConcurrent, int maxQueued)
    {
        var options = new BasicAuthOptions { MaxConcurrentPasswordChecks = maxConcurrent, MaxQueuedPasswordChecks = maxQueued };
        options.Users["alice"] = new Pbkdf2PasswordHasher(CountingPasswordHasher.Iterations).Hash(Encoding.UTF8.GetBytes("alice-password")).Encode();
        var authenticator = new BasicAuthenticator(Options.Create(options), _hasher, _time);
        _authenticators.Add(authenticator);
        return authenticator;
    }
}
