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
        using var client = server.CreateHttpClient();
        using var response = await client.PostAsJsonAsync("/api/v1/openai/chat/completions", new
        {
            model,
            stream,
            messages = new[] { new { role = "user", content = PromptMarker } },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
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
