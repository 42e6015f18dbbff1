using ChatGrpc.Server.Configuration;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// Refuses settings that would fail at the first request: every problem at once, naming the setting and the user,
/// never the hash itself.
/// </summary>
internal sealed class BasicAuthOptionsValidator : OptionsValidator<BasicAuthOptions>
{
    protected override void Check(BasicAuthOptions options, List<string> problems)
    {

        if (string.IsNullOrWhiteSpace(options.Realm) || options.Realm.AsSpan().ContainsAny("\"\\") || options.Realm.Any(char.IsControl))
        {
            problems.Add($"{BasicAuthOptions.SectionName}:{nameof(BasicAuthOptions.Realm)} must be non-empty text without quotes, backslashes or control characters: it is sent as WWW-Authenticate: Basic realm=\"...\".");
        }

        foreach (var (user, hash) in options.Users)
        {
            if (user.Length == 0 || user.Contains(':', StringComparison.Ordinal))
            {
                problems.Add($"{BasicAuthOptions.SectionName}:{nameof(BasicAuthOptions.Users)} has a user name that is empty or contains a colon, which HTTP Basic cannot send.");
            }
            else if (!PasswordHash.TryParse(hash, out _))
            {
                problems.Add(DescribeInvalidHash(user));
            }
        }

        ValidateAdmins(options, problems);
        ValidateApiKeys(options, problems);

        if (options.VerifiedCredentialLifetime < TimeSpan.Zero)
        {
            problems.Add($"{BasicAuthOptions.SectionName}:{nameof(BasicAuthOptions.VerifiedCredentialLifetime)} must not be negative (zero disables remembering verified credentials).");
        }

        if (options.VerifiedCredentialCapacity < 0)
        {
            problems.Add($"{BasicAuthOptions.SectionName}:{nameof(BasicAuthOptions.VerifiedCredentialCapacity)} must not be negative (zero disables remembering verified credentials).");
        }

        ValidateFailedSignInSettings(options, problems);
    }

    private static void ValidateAdmins(BasicAuthOptions options, List<string> problems)
    {
        // Checked with the users they name, in the same section, so a reload that removes an admin's user is refused
        // whole (the last good users, admins and keys stay) rather than applied half.
        for (var i = 0; i < options.Admins.Count; i++)
        {
            if (!options.Users.ContainsKey(options.Admins[i]))
            {
                problems.Add($"{Setting(nameof(BasicAuthOptions.Admins))}:{i} names no user in {Setting(nameof(BasicAuthOptions.Users))}: an administrator must be a configured user.");
            }
        }
    }

    private static void ValidateApiKeys(BasicAuthOptions options, List<string> problems)
    {
        var digestPrefixes = new HashSet<ulong>();
        foreach (var (name, key) in options.ApiKeys)
        {
            if (!ApiKey.IsValidName(name))
            {
                // The name is not repeated: it may be long, or carry what a log line should not.
                problems.Add($"{Setting(nameof(BasicAuthOptions.ApiKeys))} has a key name that is not 1 to {ApiKey.MaxNameLength} ASCII letters, digits, '.', '_' or '-'.");
                continue;
            }

            var prefix = $"{Setting(nameof(BasicAuthOptions.ApiKeys))}:{name}";
            if (string.IsNullOrEmpty(key.User))
            {
                problems.Add($"{prefix}:{nameof(ApiKeyOptions.User)} is required: the configured user the key acts as.");
            }
            else if (!options.Users.ContainsKey(key.User))
            {
                problems.Add($"{prefix}:{nameof(ApiKeyOptions.User)} names no user in {Setting(nameof(BasicAuthOptions.Users))}: a key acts as a configured user.");
            }

            if (!ApiKeyHash.TryParse(key.Hash, out var hash))
            {
                problems.Add(DescribeInvalidApiKey(name));
            }
            else if (!digestPrefixes.Add(ConfiguredApiKeys.DigestPrefix(hash.Digest)))
            {
                problems.Add(DescribeDuplicateApiKey(name));
            }

            if (!ApiKey.TryParseExpiry(key.ExpiresAt, out _))
            {
                problems.Add($"{prefix}:{nameof(ApiKeyOptions.ExpiresAt)} is not an ISO 8601 time such as 2027-01-31T00:00:00Z (a time without an offset is UTC).");
            }
        }
    }

    private static void ValidateFailedSignInSettings(BasicAuthOptions options, List<string> problems)
    {
        problems.RequireAtLeast(Setting(nameof(BasicAuthOptions.MaxConcurrentPasswordChecks)), options.MaxConcurrentPasswordChecks, 1);
        problems.RequireAtLeast(Setting(nameof(BasicAuthOptions.MaxQueuedPasswordChecks)), options.MaxQueuedPasswordChecks, 1);
        problems.RequirePositive(Setting(nameof(BasicAuthOptions.FailedSignInWindow)), options.FailedSignInWindow);
        problems.RequireAtLeast(Setting(nameof(BasicAuthOptions.FailuresBeforeLockout)), options.FailuresBeforeLockout, 1);

        if (options.FailuresBeforeDelay < 0 || options.FailuresBeforeDelay > options.FailuresBeforeLockout)
        {
            problems.Add($"{Setting(nameof(BasicAuthOptions.FailuresBeforeDelay))} must be between 0 and {Setting(nameof(BasicAuthOptions.FailuresBeforeLockout))} (it is {options.FailuresBeforeDelay}; equal to it means no delay).");
        }

        if (options.FailureDelay < TimeSpan.Zero)
        {
            problems.Add($"{Setting(nameof(BasicAuthOptions.FailureDelay))} must not be negative (it is {options.FailureDelay}; zero means no delay).");
        }

        problems.RequirePositive(Setting(nameof(BasicAuthOptions.LockoutDuration)), options.LockoutDuration);

        if (options.MaxLockoutDuration < options.LockoutDuration)
        {
            problems.Add($"{Setting(nameof(BasicAuthOptions.MaxLockoutDuration))} must be at least {Setting(nameof(BasicAuthOptions.LockoutDuration))} (it is {options.MaxLockoutDuration}).");
        }

        problems.RequirePositive(Setting(nameof(BasicAuthOptions.ThrottledUserCheckInterval)), options.ThrottledUserCheckInterval);
        problems.RequireAtLeast(Setting(nameof(BasicAuthOptions.FailedSignInCapacity)), options.FailedSignInCapacity, 1);
    }

    private static string Setting(string name) => $"{BasicAuthOptions.SectionName}:{name}";

    internal static string DescribeInvalidApiKey(string name) =>
        $"{Setting(nameof(BasicAuthOptions.ApiKeys))}:{name}:{nameof(ApiKeyOptions.Hash)} is not an API key hash of the form {ApiKeyHash.Format}; create a key and its hash with `ChatGrpc.Server {CreateApiKeyCommand.Name} <user> [<name>]`.";

    internal static string DescribeDuplicateApiKey(string name) =>
        $"{Setting(nameof(BasicAuthOptions.ApiKeys))}:{name}:{nameof(ApiKeyOptions.Hash)} is the hash of another configured key: each key must be its own secret.";

    internal static string DescribeInvalidHash(string user) =>
        $"{BasicAuthOptions.SectionName}:{nameof(BasicAuthOptions.Users)}:{user} is not a password hash of the form {PasswordHash.Format}; create one with `printf '%s' '<password>' | ChatGrpc.Server {HashPasswordCommand.Name}`.";
}
