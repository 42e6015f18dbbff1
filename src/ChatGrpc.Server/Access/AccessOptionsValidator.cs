using ChatGrpc.Server.Configuration;

namespace ChatGrpc.Server.Access;

/// <summary>Refuses access settings that cannot mean what their author wanted, at start-up and on every reload.</summary>
internal sealed class AccessOptionsValidator : OptionsValidator<AccessOptions>
{
    protected override void Check(AccessOptions options, List<string> problems)
    {
        Check(problems, AccessOptions.SectionName + ":Default", options.Default);
        foreach (var (user, access) in options.Users)
        {
            Check(problems, $"{AccessOptions.SectionName}:Users:{user}", access);
        }

        if (!Enum.IsDefined(options.Store))
        {
            problems.Add($"{AccessOptions.SectionName}:Store must be Memory or Redis.");
        }

        if (!Enum.IsDefined(options.RedisFailure))
        {
            problems.Add($"{AccessOptions.SectionName}:RedisFailure must be Closed or Open.");
        }

        if (options.DefaultCompletionTokenReservation < 0)
        {
            problems.Add($"{AccessOptions.SectionName}:DefaultCompletionTokenReservation must not be negative.");
        }
    }

    private static void Check(List<string> problems, string path, UserAccessOptions access)
    {
        for (var i = 0; i < access.Models.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(access.Models[i]))
            {
                problems.Add($"{path}:Models:{i} is empty; name a model, or * for all.");
            }
        }

        CheckLimit(problems, path, nameof(UserAccessOptions.RequestsPerMinute), access.RequestsPerMinute);
        CheckLimit(problems, path, nameof(UserAccessOptions.TokensPerMinute), access.TokensPerMinute);
        CheckLimit(problems, path, nameof(UserAccessOptions.TokensPerDay), access.TokensPerDay);
        CheckBudget(problems, path, nameof(UserAccessOptions.SpendPerDay), access.SpendPerDay);
        CheckBudget(problems, path, nameof(UserAccessOptions.SpendPerMonth), access.SpendPerMonth);
    }

    /// <summary>The most a budget may be: counted in nanodollars, it must stay exact in Redis's Lua (2^53).</summary>
    public const decimal MaxBudget = 9_000_000m;

    private static void CheckBudget(List<string> problems, string path, string key, decimal? budget)
    {
        if (budget is <= 0 or > MaxBudget)
        {
            problems.Add($"{path}:{key} must be more than 0 and at most {MaxBudget} US dollars (leave it out for no budget); it is {budget}.");
        }
    }

    private static void CheckLimit(List<string> problems, string path, string key, long? limit)
    {
        if (limit is <= 0)
        {
            problems.Add($"{path}:{key} must be positive (leave it out for no limit); it is {limit}.");
        }
    }
}
