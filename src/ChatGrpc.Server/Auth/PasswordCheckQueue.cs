using System.Collections.Concurrent;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// Runs password checks (PBKDF2 derivations) on a fixed number of threads of its own, so that at most that many cores
/// derive at once and no request thread ever blocks on one: the thread pool keeps serving requests whatever wrong
/// passwords arrive. At most a fixed number of checks wait; beyond that a check is refused at once rather than queued.
/// </summary>
internal sealed class PasswordCheckQueue : IDisposable
{
    public const string ThreadName = "ChatGrpc password check";

    private readonly IPasswordHasher _hasher;
    private readonly int _threadCount;
    private readonly BlockingCollection<Check> _waiting;
    private int _started;

    public PasswordCheckQueue(IPasswordHasher hasher, int maxConcurrent, int maxQueued)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueued, 1);
        _hasher = hasher;
        _threadCount = maxConcurrent;
        _waiting = new BlockingCollection<Check>(new ConcurrentQueue<Check>(), boundedCapacity: maxQueued);
    }

    /// <summary>Checks waiting for a thread (not those running).</summary>
    public int Waiting => _waiting.Count;

    /// <summary>
    /// Queues a check of <paramref name="password"/> against <paramref name="expected"/>; false, at once, when the queue
    /// is full or closed. The caller keeps <paramref name="password"/> intact until the check has completed.
    /// </summary>
    public bool TryEnqueue(byte[] password, PasswordHash expected, out Task<bool> verification)
    {
        StartThreads();
        var check = new Check(password, expected);
        try
        {
            if (_waiting.TryAdd(check))
            {
                verification = check.Completion.Task;
                return true;
            }
        }
        catch (InvalidOperationException)
        {
            // Disposed: the host is shutting down.
        }

        verification = Task.FromResult(false);
        return false;
    }

    /// <summary>Lets the threads finish the checks already queued, then end.</summary>
    public void Dispose() => _waiting.CompleteAdding();

    private void StartThreads()
    {
        // Started on first use, so that building an authenticator (as tests and tools do) costs no threads.
        if (Volatile.Read(ref _started) != 0 || Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        for (var i = 0; i < _threadCount; i++)
        {
            new Thread(Work) { IsBackground = true, Name = ThreadName }.Start();
        }
    }

    private void Work()
    {
        foreach (var check in _waiting.GetConsumingEnumerable())
        {
            check.Run(_hasher);
        }
    }

    private sealed class Check(byte[] password, PasswordHash expected)
    {
        // Continuations (the rest of the request) run on the thread pool, never on a check thread.
        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run(IPasswordHasher hasher)
        {
            try
            {
                Completion.SetResult(hasher.Verify(password, expected));
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Completion.SetException(exception);
            }
        }
    }
}
