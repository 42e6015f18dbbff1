namespace ChatGrpc.Server.Admin;

/// <summary>The deployments one call's attempts failed on, in order; at most <see cref="Limit"/>.</summary>
internal sealed class FailedDeployments
{
    /// <summary>Retries times deployments times fallbacks is bounded by configuration; this bounds what is kept of it.</summary>
    public const int Limit = 16;

    private readonly List<string> _labels = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<string> Labels
    {
        get
        {
            lock (_gate)
            {
                return [.. _labels];
            }
        }
    }

    public void Add(string label)
    {
        lock (_gate)
        {
            if (_labels.Count < Limit)
            {
                _labels.Add(label);
            }
        }
    }
}
