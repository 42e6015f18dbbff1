using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// Refuses settings that would fail at the first request: every problem at once, naming the setting and the user,
/// never the hash itself.
/// </summary>
public sealed class BasicAuthOptionsValidator : IValidateOptions<BasicAuthOptions>
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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static string DescribeInvalidHash(string user) =>
        $"{BasicAuthOptions.SectionName}:{nameof(BasicAuthOptions.Users)}:{user} is not a password hash of the form {PasswordHash.Format}; create one with `echo -n '<password>' | ChatGrpc.Server {HashPasswordCommand.Name}`.";
}
