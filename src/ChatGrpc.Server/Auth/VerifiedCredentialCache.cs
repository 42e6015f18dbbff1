using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// Remembers credentials that passed the slow password check, for a limited time and up to a bounded number.
/// Failures are never remembered. When full, expired entries go first, then arbitrary ones (digests are random,
/// so enumeration order is too) until a tenth of the room is free again.
/// </summary>
internal sealed class VerifiedCredentialCache
{
    private readonly ConcurrentDictionary<CredentialDigest, Entry> _entries = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _lifetime;
    private readonly int _capacity;
    private readonly Lock _evictionLock = new();

    // ConcurrentDictionary.Count takes every lock; this counter is close enough to bound the size.
    private int _count;

    public VerifiedCredentialCache(TimeProvider timeProvider, TimeSpan lifetime, int capacity)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(lifetime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _timeProvider = timeProvider;
        _lifetime = lifetime;
        _capacity = capacity;
    }

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(CredentialDigest digest, [NotNullWhen(true)] out string? userName)
    {
        if (_entries.TryGetValue(digest, out var entry))
        {
            if (_timeProvider.GetElapsedTime(entry.VerifiedAt) < _lifetime)
            {
                userName = entry.UserName;
                return true;
            }

            Remove(digest, entry);
        }

        userName = null;
        return false;
    }

    /// <summary>Forgets every credential, so that each is checked against the users as they are now.</summary>
    public void Clear()
    {
        lock (_evictionLock)
        {
            foreach (var (digest, entry) in _entries)
            {
                Remove(digest, entry);
            }
        }
    }

    public void Add(CredentialDigest digest, string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        if (_capacity == 0 || _lifetime == TimeSpan.Zero)
        {
            return;
        }

        if (Count >= _capacity)
        {
            Evict();
        }

        var entry = new Entry(userName, _timeProvider.GetTimestamp());
        if (_entries.TryAdd(digest, entry))
        {
            Interlocked.Increment(ref _count);
        }
        else
        {
            _entries[digest] = entry;
        }
    }

    private void Evict()
    {
        // Runs only after a slow password check, so a sweep over the entries costs comparatively nothing.
        lock (_evictionLock)
        {
            if (Count < _capacity)
            {
                return;
            }

            foreach (var (digest, entry) in _entries)
            {
                if (_timeProvider.GetElapsedTime(entry.VerifiedAt) >= _lifetime)
                {
                    Remove(digest, entry);
                }
            }

            var target = _capacity - Math.Max(1, _capacity / 10);
            foreach (var (digest, entry) in _entries)
            {
                if (Count <= target)
                {
                    break;
                }

                Remove(digest, entry);
            }
        }
    }

    private void Remove(CredentialDigest digest, Entry entry)
    {
        // Only this exact entry: a concurrent Add may just have refreshed it.
        if (_entries.TryRemove(KeyValuePair.Create(digest, entry)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private readonly record struct Entry(string UserName, long VerifiedAt);
}
