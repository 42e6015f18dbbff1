namespace ChatGrpc.Server.Admin;

/// <summary>One deployment's figures over <see cref="DeploymentWindow.Length"/>, read at one moment.</summary>
internal sealed record DeploymentFigures(
    int Calls,
    int Errors,
    int RateLimited,
    IReadOnlyList<(Errors.ChatErrorKind Kind, int Count)> ErrorsByKind,
    double? LatencyP50,
    double? LatencyP95,
    double? FirstChunkP50,
    double? FirstChunkP95,
    DateTimeOffset? LastFailure);
