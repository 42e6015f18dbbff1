using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Admin;

/// <summary>The last <see cref="AdminOptions.RecentCalls"/> calls of this instance, oldest overwritten first.</summary>
internal sealed class RecentCallsBuffer(IOptions<AdminOptions> options)
{
    private readonly RecentCallEntry?[] _entries = new RecentCallEntry?[options.Value.RecentCalls];
    private readonly Lock _gate = new();
    private long _added;

    public int Capacity => _entries.Length;

    public void Add(RecentCallEntry entry)
    {
        lock (_gate)
        {
            _entries[_added % _entries.Length] = entry;
            _added++;
        }
    }

    /// <summary>The calls kept, newest first.</summary>
    public IReadOnlyList<RecentCallEntry> NewestFirst()
    {
        lock (_gate)
        {
            var count = (int)Math.Min(_added, _entries.Length);
            var result = new RecentCallEntry[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = _entries[(_added - 1 - i) % _entries.Length]!;
            }

            return result;
        }
    }
}
