using System.Net.Http.Json;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.V1;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.Admin;

/// <summary>Real calls through the gateway, whose content the operator's page must never show.</summary>
internal static class AdminCalls
{
    /// <summary>In every prompt the tests send: it must appear nowhere on the page or in its data.</summary>
    public const string PromptMarker = "ZEBRA-PROMPT-7319 my card is 4111 1111 1111 1111";

    /// <summary>What the mock upstream answers ("Hello from ok."): no more visible on the page than the prompt.</summary>
    public const string AnswerMarker = "Hello from";

    public static async Task RestAsync(ChatGrpcServerFixture server, string model, bool stream = false)
    {
        var (status, body) = await SendRestAsync(server, model, stream);
        Assert.True(status == System.Net.HttpStatusCode.OK, $"{(int)status}: {body}");
    }

    /// <summary>A REST call as <paramref name="user"/> (the fixture's admin by default): its status and body.</summary>
    public static async Task<(System.Net.HttpStatusCode Status, string Body)> SendRestAsync(ChatGrpcServerFixture server, string model, bool stream = false, string? user = null, string? password = null)
    {
        using var client = server.CreateHttpClient(authenticated: user is null);
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = System.Net.Http.Headers.AuthenticationHeaderValue.Parse(ChatGrpcServerFixture.BasicAuthorization(user, password!));
        }

        using var response = await client.PostAsJsonAsync("/api/v1/openai/chat/completions", new
        {
            model,
            stream,
            messages = new[] { new { role = "user", content = PromptMarker } },
        });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A count, whether the JSON writes it as a number or (protobuf's int64) as a string.</summary>
    public static long Long(System.Text.Json.Nodes.JsonNode? node) => node is null ? 0 : long.Parse(node.ToJsonString().Trim('"'), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The admin JSON at <paramref name="path"/>, read as the admin.</summary>
    public static async Task<System.Text.Json.Nodes.JsonObject> AdminJsonAsync(ChatGrpcServerFixture server, string path)
    {
        using var client = server.CreateHttpClient();
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}: {body}");
        return System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Waits until the usage records of today hold at least <paramref name="requests"/> calls (they are written in batches, off the calls' path).</summary>
    public static async Task<System.Text.Json.Nodes.JsonObject> SpendOnceRecordedAsync(ChatGrpcServerFixture server, long requests)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var spend = await AdminJsonAsync(server, "/api/v1/admin/spend");
            if (Long(spend["today"]?["requests"]) >= requests)
            {
                return spend;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    public static async Task GrpcAsync(ChatGrpcServerFixture server, string model, bool stream = false)
    {
        var client = server.CreateChatClient();
        var request = new CreateChatCompletionRequest { Model = model, Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = PromptMarker } } } } };
        if (!stream)
        {
            await client.CreateChatCompletionAsync(request);
            return;
        }

        using var call = client.StreamChatCompletion(request);
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            Assert.NotNull(chunk);
        }
    }
}
