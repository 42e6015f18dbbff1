using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Access;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatGrpc.IntegrationTests.Auth;

/// <summary>
/// API keys in a reloading configuration file: a removed key, and a key whose expiry passes, stop working without a
/// restart; and wrong, removed and expired keys are failed sign-ins, counted by the same throttle as wrong passwords.
/// </summary>
public sealed class ApiKeyRotationTests : IDisposable
{
    private const string Completions = "api/v1/openai/chat/completions";
    private const int FailuresBeforeLockout = 3;
    private static readonly TimeSpan s_reload = TimeSpan.FromSeconds(15);

    private readonly string _directory = Directory.CreateTempSubdirectory("chatgrpc-api-keys-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task RemovedKey_StopsWithoutARestart_AndWrongRemovedAndExpiredKeysAreCountedByTheFailedSignInThrottle()
    {
        var live = ApiKey.Create();
        var doomed = ApiKey.Create();
        var expired = ApiKey.Create();
        var file = Path.Combine(_directory, "keys.json");
        WriteKeys(file, ("live", live, null), ("doomed", doomed, null), ("expired", expired, "2020-01-01T00:00:00Z"));
        await using var gateway = new GatewayInstance(
            new Dictionary<string, string?>
            {
                ["ChatGrpc:Auth:FailuresBeforeLockout"] = $"{FailuresBeforeLockout}",
                ["ChatGrpc:Auth:FailuresBeforeDelay"] = $"{FailuresBeforeLockout}",
                ["ChatGrpc:Auth:LockoutDuration"] = "00:05:00",
            },
            builder => builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: true));
        await gateway.InitializeAsync();
        Assert.Equal(HttpStatusCode.OK, await PostAsync(gateway, doomed));

        WriteKeys(file, ("live", live, null), ("expired", expired, "2020-01-01T00:00:00Z"));
        // Waits for the change to be applied without calling with the removed key, which would count as a failure.
        await UntilAsync(() => gateway.Services.GetRequiredService<UserDirectory>().Current.ApiKeys.Count == 2);

        // One failure each, up to the lockout: all three are 401s, not yet throttled.
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(gateway, doomed));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(gateway, expired));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(gateway, ApiKey.Create()));

        // The address is now locked out: a further wrong key, and a password check for a right password, wait.
        using var wrongKey = CreateKeyClient(gateway, ApiKey.Create());
        using var throttled = await wrongKey.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev"));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.NotNull(throttled.Headers.RetryAfter?.Delta);
        using var basic = gateway.CreateHttpClient(ChatGrpcServerFixture.UserName, ChatGrpcServerFixture.Password);
        using var basicThrottled = await basic.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev"));
        Assert.Equal(HttpStatusCode.TooManyRequests, basicThrottled.StatusCode);

        // A configured key is no guess: it still signs in, as a remembered password does.
        Assert.Equal(HttpStatusCode.OK, await PostAsync(gateway, live));
    }

    [Fact]
    public async Task Key_StopsWhenItsExpiryPasses_WithoutARestart()
    {
        var key = ApiKey.Create();
        var file = Path.Combine(_directory, "expiring.json");
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(3);
        WriteKeys(file, ("expiring", key, expiresAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture)));
        await using var gateway = new GatewayInstance(
            new Dictionary<string, string?>(),
            builder => builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: true));
        await gateway.InitializeAsync();

        var before = await PostAsync(gateway, key);
        Assert.True(DateTimeOffset.UtcNow < expiresAt, "the gateway took too long to start for the key to be tried before its expiry");
        Assert.Equal(HttpStatusCode.OK, before);

        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(100));

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(gateway, key));
    }

    private static async Task<HttpStatusCode> PostAsync(GatewayInstance gateway, string key)
    {
        using var client = CreateKeyClient(gateway, key);
        using var response = await client.PostAsJsonAsync(Completions, AccessTests.Body("chatgrpc-dev"));
        return response.StatusCode;
    }

    private static HttpClient CreateKeyClient(GatewayInstance gateway, string key)
    {
        var client = gateway.CreateHttpClient(authenticated: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static void WriteKeys(string file, params (string Name, string Key, string? ExpiresAt)[] keys)
    {
        var entries = new JsonObject();
        foreach (var (name, key, expiresAt) in keys)
        {
            var entry = new JsonObject { ["User"] = ChatGrpcServerFixture.UserName, ["Hash"] = ApiKeyHash.Of(key).Encode() };
            if (expiresAt is not null)
            {
                entry["ExpiresAt"] = expiresAt;
            }

            entries[name] = entry;
        }

        // As deployment tools do: a new file renamed over the old, so a reader never sees half of it.
        var temporary = file + ".new";
        File.WriteAllText(temporary, new JsonObject { ["ChatGrpc"] = new JsonObject { ["Auth"] = new JsonObject { ["ApiKeys"] = entries } } }.ToJsonString());
        File.Move(temporary, file, overwrite: true);
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + s_reload;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"the change was not applied within {s_reload}");
            await Task.Delay(100);
        }
    }
}
