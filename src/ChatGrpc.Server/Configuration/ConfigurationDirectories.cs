namespace ChatGrpc.Server.Configuration;

/// <summary>
/// Directories of one file per key (<c>ChatGrpc__Auth__Users__alice</c> holding its value), as Kubernetes mounts a
/// ConfigMap or a Secret, named by <c>ChatGrpc:ConfigurationDirectories:&lt;k&gt;</c>. They are read after every other
/// source, so they win, and reloaded when their files change: users and access rotate without a restart.
/// </summary>
/// <remarks>
/// Kubernetes updates a mounted volume by swapping a symbolic link, which inotify does not report for the files
/// themselves: set <c>DOTNET_USE_POLLING_FILE_WATCHER=true</c> (the manifests do) so that changes are polled for.
/// </remarks>
internal static class ConfigurationDirectories
{
    public const string SectionName = "ChatGrpc:ConfigurationDirectories";

    public static void Add(IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var directories = configuration.GetSection(SectionName).GetChildren().Select(child => child.Value).OfType<string>().Where(path => path.Length > 0).ToList();
        foreach (var directory in directories)
        {
            configuration.AddKeyPerFile(directory, optional: true, reloadOnChange: true);
        }
    }
}
