using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace ChatGrpc.Server.Configuration;

/// <summary>
/// Reloads the <c>appsettings</c> files when they change by polling them, instead of through the host's default
/// <see cref="FileSystemWatcher"/>.
/// </summary>
/// <remarks>
/// The host watches its appsettings files through the content root's file provider, whose watcher covers the whole
/// content root and every folder below it. The SQLite usage database lives there (<c>data/usage.db</c> and its WAL), so
/// every page the usage writer wrote woke the watcher, which then looked the path up and dropped the event; so did
/// anything else written below the content root (a deployment's logs, a build beside a benchmark: 15% of the process's
/// CPU in one such profile, 0.4% on a quiet machine with only the usage writer). Polling reads the modification times of the two or three files
/// configuration names, every four seconds (<see cref="PhysicalFileProvider.UseActivePolling"/>), whatever else is
/// written beside them; it is also what a mounted ConfigMap needs (<see cref="ConfigurationDirectories"/>).
/// </remarks>
internal static class AppSettingsPolling
{
    private const string ReloadKey = "hostBuilder:reloadConfigOnChange";

    /// <summary>The host's arguments with its own file watching turned off; <see cref="Apply"/> puts reloading back.</summary>
    public static string[] HostArguments(string[] args) => [.. args, $"--{ReloadKey}=false"];

    /// <summary>
    /// Turns the content root's appsettings sources into polled, reloading ones, unless the operator turned reloading
    /// off (<c>hostBuilder:reloadConfigOnChange=false</c> on the command line or <c>DOTNET_hostBuilder__reloadConfigOnChange</c>,
    /// as the host reads it).
    /// </summary>
    public static void Apply(WebApplicationBuilder builder, string[] args)
    {
        var operatorSettings = new ConfigurationBuilder().AddEnvironmentVariables("DOTNET_").AddCommandLine(args).Build();
        if (!operatorSettings.GetValue(ReloadKey, defaultValue: true))
        {
            return;
        }

        var contentRoot = Path.TrimEndingDirectorySeparator(builder.Environment.ContentRootPath);
        var sources = builder.Configuration.Sources;
        var polled = sources.Select(source => source is JsonConfigurationSource { ReloadOnChange: false, Path: { } path, FileProvider: PhysicalFileProvider { Root: var root } } settings
                && Path.TrimEndingDirectorySeparator(root) == contentRoot
            ? new PolledJsonSource(root, path, settings.Optional, settings.ReloadDelay)
            : source).ToList();
        if (polled.SequenceEqual(sources))
        {
            return;
        }

        // Setting a source in place would rebuild every provider once per file; emptied and refilled in the same order
        // (which keeps each source's precedence), each is built once.
        sources.Clear();
        foreach (var source in polled)
        {
            sources.Add(source);
        }
    }

    /// <summary>
    /// A JSON file reloaded by polling. Each provider built from it (the configuration rebuilds them whenever its
    /// sources change) gets a file provider of its own and disposes it, with its timer, when it is disposed itself.
    /// </summary>
    private sealed class PolledJsonSource(string root, string path, bool optional, int reloadDelay) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder)
        {
            var source = new JsonConfigurationSource
            {
                Path = path,
                Optional = optional,
                ReloadOnChange = true,
                ReloadDelay = reloadDelay,
                FileProvider = new PhysicalFileProvider(root) { UsePollingFileWatcher = true, UseActivePolling = true },
            };
            source.ResolveFileProvider();
            return new PolledJsonProvider(source);
        }
    }

    private sealed class PolledJsonProvider(JsonConfigurationSource source) : JsonConfigurationProvider(source)
    {
        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                (Source.FileProvider as IDisposable)?.Dispose();
            }
        }
    }
}
