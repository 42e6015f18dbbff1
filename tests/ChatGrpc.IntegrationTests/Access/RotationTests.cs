using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ChatGrpc.IntegrationTests.Access;

/// <summary>
/// Users (<c>ChatGrpc:Auth:Users</c>) and access (<c>ChatGrpc:Access</c>) changed in a reloading configuration source
/// while the gateway runs: applied to new calls within seconds, and a bad change refused with a log line, the last
/// good settings staying.
/// </summary>
public sealed class RotationTests : IDisposable
{
    private const string Completions = "api/v1/openai/chat/completions";
    private const string Password = "rotating password";
    private static readonly TimeSpan s_reload = TimeSpan.FromSeconds(15);

    private readonly string _directory = Directory.CreateTempSubdirectory("chatgrpc-rotation-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task AppsettingsFile_AddedUserCallsWithinSeconds_RemovedUserNoLonger_BadHashRefusedKeepingTheLastGood()
    {
        var file = Path.Combine(_directory, "users.json");
        WriteUsers(file, ("first", ChatGrpcServerFixture.HashOf(Password)));
        await using var gateway = new GatewayInstance(new Dictionary<string, string?>(), builder =>
        {
            builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: true);
            builder.Logging.AddFakeLogging();
        });
        await gateway.InitializeAsync();
        using var first = gateway.CreateHttpClient("first", Password);
        using var second = gateway.CreateHttpClient("second", Password);
        await UntilAsync(first, HttpStatusCode.OK);
        await UntilAsync(second, HttpStatusCode.Unauthorized);

        WriteUsers(file, ("first", ChatGrpcServerFixture.HashOf(Password)), ("second", ChatGrpcServerFixture.HashOf(Password)));
        await UntilAsync(second, HttpStatusCode.OK);

        // Signed in moments ago, so remembered: removing the user must still end it.
        WriteUsers(file, ("second", ChatGrpcServerFixture.HashOf(Password)));
        await UntilAsync(first, HttpStatusCode.Unauthorized);

        var logs = gateway.Services.GetRequiredService<FakeLogCollector>();
        WriteUsers(file, ("second", "not-a-hash"), ("first", ChatGrpcServerFixture.HashOf(Password)));
        await UntilLoggedAsync(logs, "A change to ChatGrpc:Auth was refused");
        await UntilAsync(second, HttpStatusCode.OK);
        await UntilAsync(first, HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(logs.GetSnapshot(), record => record.Message.Contains("not-a-hash", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AppsettingsFile_AccessChangesApplyToNewCalls_AndAnInvalidLimitIsRefused()
    {
        var file = Path.Combine(_directory, "access.json");
        WriteAccess(file, "\"Models\": [\"chatgrpc-dev\"]");
        await using var gateway = new GatewayInstance(new Dictionary<string, string?>(), builder =>
        {
            builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: true);
            builder.Logging.AddFakeLogging();
        });
        await gateway.InitializeAsync();
        using var client = gateway.CreateHttpClient();
        await UntilAsync(client, HttpStatusCode.OK);

        WriteAccess(file, "\"Models\": [\"some-other-model\"]");
        await UntilAsync(client, HttpStatusCode.Forbidden);

        WriteAccess(file, "\"Models\": [\"*\"], \"RequestsPerMinute\": 1");
        await UntilAsync(client, HttpStatusCode.OK);
        await UntilAsync(client, HttpStatusCode.TooManyRequests);

        var logs = gateway.Services.GetRequiredService<FakeLogCollector>();
        WriteAccess(file, "\"Models\": [\"*\"], \"RequestsPerMinute\": -5");
        await UntilLoggedAsync(logs, "A change to ChatGrpc:Access was refused");
        // Still one a minute: the refused change did not lift the limit.
        await UntilAsync(client, HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task MountedDirectory_OneFilePerKey_RotatesUsersLikeAKubernetesSecret()
    {
        var mount = Directory.CreateDirectory(Path.Combine(_directory, "secret")).FullName;
        ReplaceFile(mount, "ChatGrpc__Auth__Users__kube", ChatGrpcServerFixture.HashOf(Password));
        await using var gateway = new GatewayInstance(
            new Dictionary<string, string?>(),
            arguments: [$"--ChatGrpc:ConfigurationDirectories:0={mount}"]);
        await gateway.InitializeAsync();
        using var kube = gateway.CreateHttpClient("kube", Password);
        using var rotated = gateway.CreateHttpClient("kube", "the new password");
        await UntilAsync(kube, HttpStatusCode.OK);

        ReplaceFile(mount, "ChatGrpc__Auth__Users__kube", ChatGrpcServerFixture.HashOf("the new password"));

        await UntilAsync(rotated, HttpStatusCode.OK);
        await UntilAsync(kube, HttpStatusCode.Unauthorized);
    }

    private static void WriteUsers(string file, params (string User, string Hash)[] users)
    {
        var entries = new JsonObject();
        foreach (var (user, hash) in users)
        {
            entries[user] = hash;
        }

        WriteAtomically(file, new JsonObject { ["ChatGrpc"] = new JsonObject { ["Auth"] = new JsonObject { ["Users"] = entries } } }.ToJsonString());
    }

    private static void WriteAccess(string file, string testerAccess) =>
        WriteAtomically(file, $$$"""{"ChatGrpc": {"Access": {"Users": {"{{{ChatGrpcServerFixture.UserName}}}": { {{{testerAccess}}} } } } } }""");

    // As deployment tools and Kubernetes do: a new file renamed over the old, so a reader never sees half of it.
    private static void WriteAtomically(string file, string content)
    {
        var temporary = file + ".new";
        File.WriteAllText(temporary, content);
        File.Move(temporary, file, overwrite: true);
    }

    private static void ReplaceFile(string directory, string key, string value) => WriteAtomically(Path.Combine(directory, key), value);

    private static async Task UntilAsync(HttpClient client, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow + s_reload;
        while (true)
        {
            using var response = await client.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev"));
            if (response.StatusCode == expected)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"still {(int)response.StatusCode}, not {(int)expected}, {s_reload} after the change: {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(100);
        }
    }

    private static async Task UntilLoggedAsync(FakeLogCollector logs, string text)
    {
        var deadline = DateTime.UtcNow + s_reload;
        while (!logs.GetSnapshot().Any(record => record.Level == LogLevel.Error && record.Message.Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no log line '{text}' within {s_reload}");
            await Task.Delay(100);
        }
    }
}
