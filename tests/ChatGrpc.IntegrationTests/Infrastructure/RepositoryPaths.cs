using System.Reflection;

namespace ChatGrpc.IntegrationTests.Infrastructure;

/// <summary>Finds the checkout the tests run from, for the node clients and buf.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Clients => Path.Combine(Root, "tests", "clients");

    public static string Buf => Path.Combine(Clients, "node_modules", ".bin", "buf");

    private static string FindRoot()
    {
        var root = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "RepositoryRoot").Value!;
        if (!File.Exists(Path.Combine(root, "ChatGrpc.sln")))
        {
            throw new InvalidOperationException($"The checkout the tests were built from is gone: no ChatGrpc.sln in {root}.");
        }

        return root;
    }
}
