using ChatGrpc.Server.Auth;
using ChatGrpc.Tests.Shared;

namespace ChatGrpc.Tests.Auth;

/// <summary>
/// A hasher whose checks block until released, recording how many run at once and on which threads, so that a test
/// can see the bound on concurrent checks and that callers never derive on their own threads.
/// </summary>
internal sealed class BlockingPasswordHasher : IPasswordHasher, IDisposable
{
    private readonly CountingPasswordHasher _inner = new();
    private readonly ManualResetEventSlim _release = new();
    private readonly SemaphoreSlim _entered = new(0);
    private readonly Lock _lock = new();
    private int _running;

    public int MaxRunning { get; private set; }

    public int Started { get; private set; }

    public List<Thread> Threads { get; } = [];

    public PasswordHash Hash(ReadOnlySpan<byte> password) => _inner.Hash(password);

    public bool Verify(ReadOnlySpan<byte> password, PasswordHash expected)
    {
        lock (_lock)
        {
            _running++;
            Started++;
            MaxRunning = Math.Max(MaxRunning, _running);
            Threads.Add(Thread.CurrentThread);
        }

        _entered.Release();
        try
        {
            if (!_release.Wait(TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("The test never released the check.");
            }

            return _inner.Verify(password, expected);
        }
        finally
        {
            lock (_lock)
            {
                _running--;
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> more checks have started.</summary>
    public async Task WaitForStartsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(await _entered.WaitAsync(TimeSpan.FromSeconds(10)), "A password check did not start.");
        }
    }

    public void Release() => _release.Set();

    public void Dispose()
    {
        _release.Set();
        _release.Dispose();
        _entered.Dispose();
    }
}
