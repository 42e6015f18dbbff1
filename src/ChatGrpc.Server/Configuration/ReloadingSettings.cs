using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ChatGrpc.Server.Configuration;

/// <summary>
/// What one configuration section says, rebuilt each time the configuration reloads (appsettings files, mounted
/// Kubernetes config maps and secrets), so that new calls see a change without a restart. A change that fails
/// validation, or whose settings cannot be built, is refused with a log line and the last good settings stay.
/// </summary>
/// <remarks>
/// Not <see cref="IOptionsMonitor{TOptions}"/>: it validates inside the configuration's change callback, where a
/// refused change throws on the file watcher's thread, and it has no notion of keeping the last good value.
/// </remarks>
internal sealed class ReloadingSettings<TOptions, TSettings> : IDisposable
    where TOptions : class, new()
    where TSettings : class
{
    private readonly IConfiguration _configuration;
    private readonly string _sectionName;
    private readonly IValidateOptions<TOptions> _validator;
    private readonly Func<TOptions, TSettings> _build;
    private readonly ILogger _logger;
    private readonly IDisposable _subscription;
    private readonly Lock _reloadLock = new();
    private TSettings _current;
    private string _fingerprint;

    /// <exception cref="OptionsValidationException">The settings as they are now are not valid.</exception>
    public ReloadingSettings(IConfiguration configuration, string sectionName, IValidateOptions<TOptions> validator, Func<TOptions, TSettings> build, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(logger);
        _configuration = configuration;
        _sectionName = sectionName;
        _validator = validator;
        _build = build;
        _logger = logger;
        var options = Bind();
        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(sectionName, typeof(TOptions), result.Failures);
        }

        _current = build(options);
        _fingerprint = Fingerprint();
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    /// <summary>The settings new calls use.</summary>
    public TSettings Current => Volatile.Read(ref _current);

    /// <summary>Raised after a valid change was applied, with the new settings.</summary>
    public event Action<TSettings>? Changed;

    public void Dispose() => _subscription.Dispose();

    private TOptions Bind()
    {
        var options = new TOptions();
        _configuration.GetSection(_sectionName).Bind(options);
        return options;
    }

    private string Fingerprint()
    {
        var text = new System.Text.StringBuilder();
        foreach (var (key, value) in _configuration.GetSection(_sectionName).AsEnumerable().OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('\0').Append(value).Append('\n');
        }

        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
    }

    private void Reload()
    {
        // Called on the configuration provider's thread: nothing may escape, or the process goes down with it.
        try
        {
            lock (_reloadLock)
            {
                // Any source's change reloads the whole configuration: only a change to this section is news here.
                var fingerprint = Fingerprint();
                if (fingerprint == _fingerprint)
                {
                    return;
                }

                _fingerprint = fingerprint;
                var options = Bind();
                var result = _validator.Validate(Options.DefaultName, options);
                if (result.Failed)
                {
                    ConfigurationLog.ChangeRefused(_logger, _sectionName, string.Join(" ", result.Failures));
                    return;
                }

                var settings = _build(options);
                Volatile.Write(ref _current, settings);
                ConfigurationLog.ChangeApplied(_logger, _sectionName);
                Changed?.Invoke(settings);
            }
        }
        catch (Exception exception)
        {
            ConfigurationLog.ChangeFailed(_logger, exception, _sectionName);
        }
    }
}
