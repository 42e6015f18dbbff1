using ChatGrpc.Server.Configuration;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Auth;

/// <summary>
/// The users who may sign in, their administrators and API keys, as <c>ChatGrpc:Auth</c> says now: a change in a reloading configuration source
/// (an appsettings file, a mounted Kubernetes secret) applies to new calls within the source's reload delay, and a
/// change with a malformed hash is refused with a log line, the last good users staying.
/// </summary>
internal sealed class UserDirectory : IAdminDirectory, IDisposable
{
    private readonly ReloadingSettings<BasicAuthOptions, ConfiguredUsers>? _reloading;
    private readonly ConfiguredUsers? _fixed;

    public UserDirectory(IConfiguration configuration, ILogger<UserDirectory> logger)
    {
        _reloading = new ReloadingSettings<BasicAuthOptions, ConfiguredUsers>(
            configuration, BasicAuthOptions.SectionName, new BasicAuthOptionsValidator(), static options => new ConfiguredUsers(options), logger);
        _reloading.Changed += users => Changed?.Invoke(users);
    }

    private UserDirectory(ConfiguredUsers users) => _fixed = users;

    /// <summary>Raised after a change to the users was applied.</summary>
    public event Action<ConfiguredUsers>? Changed;

    public ConfiguredUsers Current => _reloading?.Current ?? _fixed!;

    /// <summary>Users that never change, for tests and tools that build a <see cref="BasicAuthenticator"/> by hand.</summary>
    public static UserDirectory Fixed(IOptions<BasicAuthOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new UserDirectory(new ConfiguredUsers(options.Value));
    }

    public bool IsAdmin(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Current.Admins.Contains(user);
    }

    public void Dispose() => _reloading?.Dispose();
}
