using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Deploy;

/// <summary>
/// deploy/ checked by tests/clients/validate-manifests.mjs: every Kubernetes object against the Kubernetes schemas
/// (kubernetes-models), the gateway's settings against its fixed configuration keys, docker-compose.yml and nginx.conf
/// for their structure. No cluster and no Docker engine are needed.
/// </summary>
public sealed class ManifestTests
{
    private static string DeployDirectory => Path.Combine(RepositoryPaths.Root, "deploy");

    private static async Task<(ExternalProcess.Result Result, JsonNode Report)> ValidateAsync(string deployDirectory)
    {
        var result = await ExternalProcess.RunAsync("node", ["validate-manifests.mjs", deployDirectory], RepositoryPaths.Clients);
        JsonNode? report = null;
        try
        {
            report = JsonNode.Parse(result.StandardOutput);
        }
        catch (System.Text.Json.JsonException)
        {
            // Reported below, with what node printed.
        }

        Assert.True(report is not null, $"validate-manifests.mjs printed no report.\n{result}");
        return (result, report);
    }

    [Fact]
    public async Task Manifests_AreValidKubernetesObjects_AndComposeIsComplete()
    {
        var (result, report) = await ValidateAsync(DeployDirectory);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(report["problems"]!.AsArray());
        var kinds = report["objects"]!.AsArray().Select(o => (string)o!["kind"]!).Order().ToArray();
        Assert.Equal(
            ["ConfigMap", "Deployment", "Deployment", "HorizontalPodAutoscaler", "PersistentVolumeClaim", "PodDisruptionBudget", "Secret", "Secret", "Service", "Service", "Service", "StatefulSet"],
            kinds);
    }

    [Theory]
    [InlineData("kubernetes/deployment.yaml", "containerPort: 8080", "containerPort: \"eighty\"", "containerPort must be integer")]
    [InlineData("kubernetes/hpa.yaml", "apiVersion: autoscaling/v2", "apiVersion: autoscaling/v9", "unknown kind autoscaling/v9")]
    [InlineData("kubernetes/pdb.yaml", "minAvailable: 1", "minAvailable: [1]", "minAvailable")]
    [InlineData("kubernetes/deployment.yaml", "path: /readyz", "path: /healthz", "readiness is not GET /readyz")]
    [InlineData("kubernetes/deployment.yaml", "terminationGracePeriodSeconds: 45", "terminationGracePeriodSeconds: 30", "terminationGracePeriodSeconds 30")]
    [InlineData("kubernetes/configmap.yaml", "ChatGrpc__Access__Store:", "ChatGrpc__Access__Stores:", "ChatGrpc__Access__Stores is not one of")]
    [InlineData("kubernetes/deployment.yaml", "value: /etc/chatgrpc/secrets", "value: /etc/chatgrpc/other", "chatgrpc-secrets is mounted at /etc/chatgrpc/secrets, which is not")]
    [InlineData("kubernetes/service.yaml", "appProtocol: kubernetes.io/h2c", "appProtocol: http", "8081 is not appProtocol kubernetes.io/h2c")]
    [InlineData("docker-compose.yml", "  chatgrpc-2:\n    <<: *chatgrpc\n", "", "expected two gateway services, found 1")]
    [InlineData("nginx/nginx.conf", "grpc_pass grpc://", "proxy_pass http://", "no HTTP/2 server on 8081")]
    [InlineData("kubernetes/configmap.yaml", "ChatGrpc__Development__Enabled: \"false\"", "ChatGrpc__Development__Enabled: \"true\"", "ChatGrpc__Development__Enabled is not \"false\"")]
    [InlineData("docker-compose.yml", "    ChatGrpc__Development__Enabled: \"false\"\n", "", "ChatGrpc__Development__Enabled is not \"false\"")]
    [InlineData("kubernetes/redis.yaml", "\"--appendonly\", \"yes\"", "\"--appendonly\", \"no\"", "Redis runs without --appendonly yes")]
    [InlineData("kubernetes/redis.yaml", "persistentVolumeClaim:\n            claimName: redis-data", "emptyDir: {}", "Redis /data is not a PersistentVolumeClaim")]
    [InlineData("docker-compose.yml", "\"--appendonly\", \"yes\"", "\"--appendonly\", \"no\"", "docker-compose.yml redis: runs without --appendonly yes")]
    public async Task ABrokenCopy_IsRefused_NamingTheProblem(string file, string original, string broken, string expected)
    {
        var copy = Directory.CreateTempSubdirectory("chatgrpc-deploy-");
        try
        {
            CopyDirectory(DeployDirectory, copy.FullName);
            var path = Path.Combine(copy.FullName, file);
            var text = await File.ReadAllTextAsync(path);
            Assert.Contains(original, text, StringComparison.Ordinal);
            await File.WriteAllTextAsync(path, text.Replace(original, broken, StringComparison.Ordinal));

            var (result, report) = await ValidateAsync(copy.FullName);

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains(report["problems"]!.AsArray(), p => ((string)p!).Contains(expected, StringComparison.Ordinal));
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(destination, Path.GetRelativePath(source, file)));
        }
    }
}
