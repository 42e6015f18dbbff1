using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// <c>ChatGrpc.Server create-api-key &lt;user&gt; [&lt;name&gt;]</c>: makes a new API key for a configured user, prints
/// it once, and prints the configuration that installs it (environment variables and JSON), which holds only the key's
/// hash. Nothing is stored: a key that was not copied is simply made again.
/// </summary>
internal static class CreateApiKeyCommand
{
    public const string Name = "create-api-key";

    public const int Success = 0;
    public const int UsageError = 2;

    private const string Usage = $"Usage: ChatGrpc.Server {Name} <user> [<name>]";

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static int Run(IReadOnlyList<string> arguments, TextWriter output, TextWriter error) => Run(arguments, output, error, ApiKey.Create);

    internal static int Run(IReadOnlyList<string> arguments, TextWriter output, TextWriter error, Func<string> createKey)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(createKey);

        if (arguments.Count is < 1 or > 2)
        {
            error.WriteLine($"{Name}: expected a user and, optionally, a key name. {Usage}");
            return UsageError;
        }

        var user = arguments[0];
        if (user.Length == 0 || user.Contains(':', StringComparison.Ordinal))
        {
            error.WriteLine($"{Name}: the user must be the name of a configured user (ChatGrpc:Auth:Users:<user>), which is never empty and has no colon. {Usage}");
            return UsageError;
        }

        // Without a name: the user's, made unique, when it is a valid key name.
        var keyName = arguments.Count == 2 ? arguments[1] : $"{user}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        if (!ApiKey.IsValidName(keyName))
        {
            error.WriteLine(arguments.Count == 2
                ? $"{Name}: the key name must be 1 to {ApiKey.MaxNameLength} ASCII letters, digits, '.', '_' or '-'. {Usage}"
                : $"{Name}: the user's name cannot name a key (1 to {ApiKey.MaxNameLength - 7} ASCII letters, digits, '.', '_' or '-'); give a key name. {Usage}");
            return UsageError;
        }

        var key = createKey();
        var hash = ApiKeyHash.Of(key).Encode();
        var json = new JsonObject
        {
            ["ChatGrpc"] = new JsonObject
            {
                ["Auth"] = new JsonObject
                {
                    ["ApiKeys"] = new JsonObject
                    {
                        [keyName] = new JsonObject { ["User"] = user, ["Hash"] = hash },
                    },
                },
            },
        };

        output.WriteLine($"API key for user '{user}' (shown once, not stored anywhere; give it to the caller now):");
        output.WriteLine(key);
        output.WriteLine();
        output.WriteLine("Install it with these environment variables (POSIX shell form):");
        output.WriteLine($"ChatGrpc__Auth__ApiKeys__{keyName}__User={ShellQuote(user)}");
        output.WriteLine($"ChatGrpc__Auth__ApiKeys__{keyName}__Hash={ShellQuote(hash)}");
        output.WriteLine();
        output.WriteLine("or merge this into appsettings.json:");
        output.WriteLine(json.ToJsonString(s_indented));
        output.WriteLine();
        output.WriteLine($"Optionally add ChatGrpc:Auth:ApiKeys:{keyName}:ExpiresAt (ISO 8601, e.g. 2027-01-31T00:00:00Z). The user must be configured in ChatGrpc:Auth:Users.");
        return Success;
    }

    // Single quotes keep '$' and everything else literal; a single quote inside is closed, escaped and reopened.
    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
