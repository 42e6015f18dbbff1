using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// Refuses settings that would fail at the first request: every problem at once, naming the setting and the user,
/// never the hash itself.
/// </summary>
internal sealed class BasicAuthOptionsValidator : IValidateOptions<BasicAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, BasicAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.Realm) || options.Realm.AsSpan().ContainsAny("\"\\") || options.Realm.Any(char.IsControl))
        {
            failures.Add($"{BasicAuthOptions.SectionName}:{nameof(BasicAuthOptions.Realm)} must be non-empty text without quotes, backslashes or control characters: it is sent as WWW-Authenticate: Basic realm=\"...\".");
        }

        foreach (var (user, hash) in options.Users)
        {
            if (user.Length == 0 || user.Contains(':', StringComparison.Ordinal))
            {
                failures.Add($"{BasicAuthOptions.SectionName}:{nameof(BasicAuthOptions.Users)} has a user name that is empty or contains a colon, which HTTP Basic cannot send.");
            }
            else if (!PasswordHash.TryParse(hash, out _))
            {
                failures.Add(DescribeInvalidHash(user));
            }
        }

        if (options.VerifiedCredentialLifetime < TimeSpan.Zero)
        {
            failures.Add($"{BasicAuthOptions.SectionName}:{nameof(BasicAuthOptions.VerifiedCredentialLifetime)} must not be negative (zero disables remembering verified credentials).");
        }

        if (options.VerifiedCredentialCapacity < 0)
        {
            failures.Add($"{BasicAuthOptions.SectionName}:{nameof(BasicAuthOptions.VerifiedCredentialCapacity)} must not be negative (zero disables remembering verified credentials).");
        }

        ValidateFailedSignInSettings(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateFailedSignInSettings(BasicAuthOptions options, List<string> failures)
    {
        if (options.MaxConcurrentPasswordChecks < 1)
        {
            failures.Add($"{Setting(nameof(BasicAuthOptions.MaxConcurrentPasswordChecks))} must be at least 1 (it is {options.MaxConcurrentPasswordChecks}).");
        }

        if (options.MaxQueuedPasswordChecks < 1)
        {
            failures.Add($"{Setting(nameof(BasicAuthOptions.MaxQueuedPasswordChecks))} must be at least 1 (it is {options.MaxQueuedPasswordChecks}).");
        }

        if (options.FailedSignInWindow <= TimeSpan.Zero)
        {
            failures.Add($"{Setting(nameof(BasicAuthOptions.FailedSignInWindow))} must be positive (it is {options.FailedSignInWindow}).");
        }

        if (options.FailuresBeforeLockout < 1)
        {
            failures.Add($"{Setting(nameof(BasicAuthOptions.FailuresBeforeLockout))} must be at least 1 (it is {options.FailuresBeforeLockout}).");
        }

        if (options.FailuresBeforeDelay < 0 || options.FailuresBeforeDelay > options.FailuresBeforeLockout)
        {
            failures.Add($"{Setting(nameof(BasicAuthOptions.FailuresBeforeDelay))} must be between 0 and {Setting(nameof(BasicAuthOptions.FailuresBeforeLockout))} (it is {options.FailuresBeforeDelay}; equal to it means no delay).");
        }

        if (options.FailureDelay < TimeSpan.Zero)
        {
            failures.Add($"{Setting(nameof(BasicAuthOptions.FailureDelay))} must not be negative (it is {options.FailureDelay}; zero means no delay).");
        }

        if (options.LockoutDuration <= TimeSpan.Zero)
        {
            failures.Add($"{Setting(nameof(BasicAuthOptions.LockoutDuration))} must be positive (it is {options.LockoutDuration}).");
        }

        if (options.MaxLockoutDuration < options.LockoutDuration)
        {
            failures.Add($"{Setting(nameof(BasicAuthOptions.MaxLockoutDuration))} must be at least {Setting(nameof(BasicAuthOptions.LockoutDuration))} (it is {options.MaxLockoutDuration}).");
        }

        if (options.ThrottledUserCheckInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Setting(nameof(BasicAuthOptions.ThrottledUserCheckInterval))} must be positive (it is {options.ThrottledUserCheckInterval}).");
        }

        if (options.FailedSignInCapacity < 1)
        {
            failures.Add($"{Setting(nameof(BasicAuthOptions.FailedSignInCapacity))} must be at least 1 (it is {options.FailedSignInCapacity}).");
        }
    }

    private static string Setting(string name) => $"{BasicAuthOptions.SectionName}:{name}";

    internal static string DescribeInvalidHash(string user) =>
        $"{BasicAuthOptions.SectionName}:{nameof(BasicAuthOptions.Users)}:{user} is not a password hash of the form {PasswordHash.Format}; create one with `printf '%s' '<password>' | ChatGrpc.Server {HashPasswordCommand.Name}`.";
}
