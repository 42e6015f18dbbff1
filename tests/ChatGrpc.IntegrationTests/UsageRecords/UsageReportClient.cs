using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.UsageRecords;

/// <summary>Reads <c>GET /api/v1/usage</c>, and waits for the batch writer to have written what a test expects.</summary>
internal static class UsageReportClient
{
    public static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static async Task<JsonArray> GetAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("api/v1/usage?" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["data"]!.AsArray();
    }

    /// <summary>The report once its requests add up to <paramref name="requests"/> (records are written in the background).</summary>
    public static async Task<JsonArray> WaitForAsync(HttpClient client, string query, long requests)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var data = await GetAsync(client, query);
            var counted = data.Sum(static row => (long)row!["requests"]!);
            if (counted >= requests || DateTime.UtcNow > deadline)
            {
                Assert.Equal(requests, counted);
                return data;
            }

            await Task.Delay(100);
        }
    }

    public static HttpClient For(GatewayInstance gateway, string user) => gateway.CreateHttpClient(user, UsageSettings.Password);
}
