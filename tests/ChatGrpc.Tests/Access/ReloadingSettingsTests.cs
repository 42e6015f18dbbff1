using ChatGrpc.Server.Access;
using ChatGrpc.Server.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ChatGrpc.Tests.Access;

public sealed class ReloadingSettingsTests
{
    private readonly Dictionary<string, string?> _values = new() { ["ChatGrpc:Access:Default:RequestsPerMinute"] = "10" };
    private readonly FakeLogger _logger = new();

    [Fact]
    public void AValidChange_IsApplied_AndAnnounced()
    {
        var (configuration, settings) = Create();
        AccessPolicy? announced = null;
        settings.Changed += policy => announced = policy;

        configuration["ChatGrpc:Access:Default:RequestsPerMinute"] = "20";
        configuration.Reload();

        Assert.Equal(20, settings.Current.Default.Limits.RequestsPerMinute);
        Assert.Same(settings.Current, announced);
    }

    [Fact]
    public void AnInvalidChange_IsRefusedWithALogLine_AndTheLastGoodStays()
    {
        var (configuration, settings) = Create();
        var before = settings.Current;

        configuration["ChatGrpc:Access:Default:RequestsPerMinute"] = "-1";
        configuration.Reload();
        configuration["ChatGrpc:Access:Default:TokensPerDay"] = "many";
        configuration.Reload();

        Assert.Same(before, settings.Current);
        Assert.Equal([LogLevel.Error, LogLevel.Error], _logger.Collector.GetSnapshot().Select(record => record.Level));
        Assert.Contains("must be positive", _logger.Collector.GetSnapshot()[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AChangeElsewhere_LeavesTheSettingsAlone()
    {
        var (configuration, settings) = Create();
        var before = settings.Current;

        configuration["ChatGrpc:Models:0:Name"] = "something";
        configuration.Reload();

        Assert.Same(before, settings.Current);
        Assert.Empty(_logger.Collector.GetSnapshot());
    }

    [Fact]
    public void InvalidSettingsAtStartUp_Throw()
    {
        _values["ChatGrpc:Access:Default:RequestsPerMinute"] = "0";

        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => Create());
    }

    private (IConfigurationRoot Configuration, ReloadingSettings<AccessOptions, AccessPolicy> Settings) Create()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_values).Build();
        var settings = new ReloadingSettings<AccessOptions, AccessPolicy>(configuration, AccessOptions.SectionName, new AccessOptionsValidator(), static options => new AccessPolicy(options), _logger);
        return (configuration, settings);
    }
}
