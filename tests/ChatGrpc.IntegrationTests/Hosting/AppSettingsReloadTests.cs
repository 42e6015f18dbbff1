using System.Net;
using System.Net.Http.Headers;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Primitives;

namespace ChatGrpc.IntegrationTests.Hosting;

/// <summary>
/// A server whose content root holds its own <c>appsettings.json</c>: the file is polled, not watched by a
/// FileSystemWatcher over the whole content root (which every write of the usage database below it woke).
/// </summary>
public sealed class AppSettingsReloadFixture : ChatGrpcServerFixture
{
    public string ContentRoot { get; } = Directory.CreateTempSubdirectory("chatgrpc-content-root-").FullName;

    public string AppSettingsPath => Path.Combine(ContentRoot, "appsettings.json");

    protected override string[] Arguments
    {
        get
        {
            File.WriteAllText(AppSettingsPath, "{}");
            return [$"--contentRoot={ContentRoot}"];
        }
    }
}

public class AppSettingsReloadTests(AppSettingsReloadFixture server) : IClassFixture<AppSettingsReloadFixture>
{
    [Fact]
    public async Task AppSettingsFiles_ArePolled_NotWatched_AndTheirPollingStopsWithTheServer()
    {
        var contentRoot = Directory.CreateTempSubdirectory("chatgrpc-content-root-").FullName;
        var appSettingsPath = Path.Combine(contentRoot, "appsettings.json");
        await File.WriteAllTextAsync(appSettingsPath, "{}");
        var app = ChatGrpcApplication.Build([$"--contentRoot={contentRoot}"]);
        var appSettings = AppSettingsSources(app.Configuration);

        Assert.Equal(["appsettings.json", "appsettings.Production.json"], appSettings.Select(source => source.Path));
        var files = appSettings.Select(source => Assert.IsType<PhysicalFileProvider>(source.FileProvider)).ToList();
        Assert.All(appSettings, source => Assert.True(source.ReloadOnChange));
        Assert.All(files, provider => Assert.Equal(Path.TrimEndingDirectorySeparator(contentRoot), Path.TrimEndingDirectorySeparator(provider.Root)));
        // The host's own content-root provider, which would watch with a FileSystemWatcher over every folder below it, is never asked to.
        Assert.DoesNotContain(app.Environment.ContentRootFileProvider, files);
        // A token a timer polls (with both polling settings on, PhysicalFileProvider makes no FileSystemWatcher at all).
        var polled = Assert.Single(Assert.IsType<CompositeChangeToken>(files[0].Watch("appsettings.json")).ChangeTokens.OfType<PollingFileChangeToken>());
        Assert.True(polled.ActiveChangeCallbacks);
        var changed = new TaskCompletionSource();
        polled.RegisterChangeCallback(_ => changed.TrySetResult(), null);

        await app.DisposeAsync();
        File.SetLastWriteTimeUtc(appSettingsPath, DateTime.UtcNow.AddMinutes(1));

        // The timer polls every 4 s; disposed with the server, it never reports the change.
        Assert.NotSame(changed.Task, await Task.WhenAny(changed.Task, Task.Delay(TimeSpan.FromSeconds(6))));
    }

    [Fact]
    public async Task AChangedAppSettingsFile_IsAppliedWithoutARestart()
    {
        using var client = server.CreateHttpClient(authenticated: false);
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(ChatGrpcServerFixture.BasicAuthorization("late", "late password"));
        using (var before = await client.GetAsync("api/v1/openai/models"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        }

        await File.WriteAllTextAsync(
            server.AppSettingsPath,
            $$"""{ "ChatGrpc": { "Auth": { "Users": { "late": "{{ChatGrpcServerFixture.HashOf("late password")}}" } } } }""");

        // Polled every 4 s, then the reload delay: well within 20 s. Watched through the configuration rather than by
        // signing in again and again, which the failed sign-in throttle would refuse.
        var configuration = server.Services.GetRequiredService<IConfiguration>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (configuration["ChatGrpc:Auth:Users:late"] is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        using var after = await client.GetAsync("api/v1/openai/models");
        var status = after.StatusCode;
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task ReloadTurnedOffByTheOperator_LeavesTheFilesUnwatched()
    {
        await using var app = ChatGrpcApplication.Build(["--hostBuilder:reloadConfigOnChange=false", $"--contentRoot={server.ContentRoot}"]);

        var appSettings = AppSettingsSources(app.Configuration);
        Assert.Equal(2, appSettings.Count);
        Assert.All(appSettings, source => Assert.False(source.ReloadOnChange));
    }

    private static List<FileConfigurationSource> AppSettingsSources(IConfiguration configuration) =>
        ((IConfigurationRoot)configuration).Providers.OfType<JsonConfigurationProvider>()
            .Select(provider => provider.Source)
            .Where(source => source.Path?.StartsWith("appsettings.", StringComparison.Ordinal) == true)
            .ToList();
}
