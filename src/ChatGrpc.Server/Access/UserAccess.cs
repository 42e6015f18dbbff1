using System.Collections.Frozen;

namespace ChatGrpc.Server.Access;

/// <summary>What one user may call, and how much: its own settings merged over the default's.</summary>
internal sealed class UserAccess
{
    private const string AllModels = "*";

    private readonly FrozenSet<string>? _models;

    public UserAccess(IReadOnlyCollection<string> models, UsageLimits limits)
    {
        _models = models.Count == 0 || models.Contains(AllModels) ? null : models.ToFrozenSet(StringComparer.Ordinal);
        Limits = limits;
    }

    public UsageLimits Limits { get; }

    public bool MayCall(string model) => _models is null || _models.Contains(model);
}
