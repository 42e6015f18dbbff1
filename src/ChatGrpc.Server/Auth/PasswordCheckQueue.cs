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
    private readonly int _capacity;
    private readonly BlockingCollection<Check> _waiting = new(new ConcurrentQueue<Check>());
    private int _started;

    // Checks queued or running. Counted here rather than bounding the collection, so that the bound does not depend
    // on whether a thread has already taken its check: at most maxConcurrent + maxQueued, whatever the timing.
    private int _admitted;

    public PasswordCheckQueue(IPasswordHasher hasher, int maxConcurrent, int maxQueued)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueued, 1);
        _hasher = hasher;
        _threadCount = maxConcurrent;
        _capacity = maxConcurrent + maxQueued;
    }

    /// <summary>Checks waiting for a thread or running.</summary>
    public int Admitted => Volatile.Read(ref _admitted);

    /// <summary>
    /// Queues a check of <paramref name="password"/> against <paramref name="expected"/>; false, at once, when the queue
    /// is full or closed. The caller keeps <paramref name="password"/> intact until the check has completed.
    /// </summary>
    public bool TryEnqueue(byte[] password, PasswordHash expected, out Task<bool> verification)
    {
        StartThreads();
        verification = Task.FromResult(false);
        if (Interlocked.Increment(ref _admitted) > _capacity)
        {
            Interlocked.Decrement(ref _admitted);
            return false;
        }

        var check = new Check(password, expected);
        try
        {
            _waiting.Add(check);
        }
        catch (InvalidOperationException)
        {
            // Disposed: the host is shutting down.
            Interlocked.Decrement(ref _admitted);
            return false;
        }

        verification = check.Completion.Task;
        return true;
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
            try
            {
                check.Run(_hasher);
            }
            finally
            {
                Interlocked.Decrement(ref _admitted);
            }
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
