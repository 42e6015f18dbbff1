namespace ChatGrpc.Server.Configuration;

/// <summary>
/// The bounds most settings share, each adding one problem that names the key and the value found, so that every
/// validator words them alike.
/// </summary>
internal static class OptionRules
{
    public static void RequireAtLeast(this List<string> problems, string key, long? value, long minimum)
    {
        if (value < minimum)
        {
            problems.Add($"{key} must be at least {minimum} (it is {value}).");
        }
    }

    public static void RequirePositive(this List<string> problems, string key, long value)
    {
        if (value <= 0)
        {
            problems.Add($"{key} must be positive (it is {value}).");
        }
    }

    /// <summary>A time that must be positive when set; null (not set) passes.</summary>
    public static void RequirePositive(this List<string> problems, string key, TimeSpan? value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"{key} must be positive (it is {value}).");
        }
    }

    public static void RequireNotNegative(this List<string> problems, string key, long value)
    {
        if (value < 0)
        {
            problems.Add($"{key} must not be negative (it is {value}).");
        }
    }
}
