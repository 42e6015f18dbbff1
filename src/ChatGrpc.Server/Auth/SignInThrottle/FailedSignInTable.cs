using System.Collections.Concurrent;

namespace ChatGrpc.Server.Auth.SignInThrottle;

/// <summary>
/// The records of <see cref="InMemoryFailedSignInThrottle"/> for one kind of key, bounded in number. When full,
/// forgotten records go first, then records without a lockout in force, then any, until a tenth of the room is free;
/// so that flooding the table with new keys cannot cheaply erase a lockout.
/// </summary>
internal sealed class FailedSignInTable<TKey>(int capacity, long window)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, FailedSignInRecord> _records = new();
    private readonly Lock _evictionLock = new();

    // ConcurrentDictionary.Count takes every lock; this counter is close enough to bound the size.
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(TKey key, out FailedSignInRecord record) => _records.TryGetValue(key, out record!);

    public FailedSignInRecord GetOrAdd(TKey key, long now)
    {
        if (_records.TryGetValue(key, out var record))
        {
            return record;
        }

        if (Count >= capacity)
        {
            Evict(now);
        }

        var added = new FailedSignInRecord();
        record = _records.GetOrAdd(key, added);
        if (ReferenceEquals(record, added))
        {
            Interlocked.Increment(ref _count);
        }

        return record;
    }

    private void Evict(long now)
    {
        // Runs once per tenth of the capacity of new keys, so a sweep over the records costs little per key.
        lock (_evictionLock)
        {
            if (Count < capacity)
            {
                return;
            }

            var target = capacity - Math.Max(1, capacity / 10);
            RemoveWhile(record => record.IsForgotten(now, window), target: 0);
            RemoveWhile(record => record.LockedUntil <= now, target);
            RemoveWhile(_ => true, target);
        }
    }

    private void RemoveWhile(Func<FailedSignInRecord, bool> removable, int target)
    {
        foreach (var (key, record) in _records)
        {
            if (Count <= target)
            {
                return;
            }

            bool remove;
            lock (record.Lock)
            {
                remove = removable(record);
            }

            // Only this exact record: a record being updated concurrently may lose that update, which costs an
            // attacker at most the failures it had (documented as the price of a bounded table).
            if (remove && _records.TryRemove(KeyValuePair.Create(key, record)))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }
}
