using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatGrpc.IntegrationTests.Rest;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.Tests.Shared;
using ChatGrpc.V1;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.Fidelity;

/// <summary>
/// What a provider receives is what the client sent: a request with every field, over REST and over gRPC,
/// arrives as the proto built by hand, and written back as OpenAI JSON it is the document that was sent.
/// </summary>
[Collection(RecordingServer.Name)]
public sealed class RequestFidelityTests(RecordingServerFixture server)
{
    private const string Path = "api/v1/openai/chat/completions";

    [Fact]
    public async Task RestStreamWithEveryField_ReachesTheProviderAsTheProtoBuiltByHand()
    {
        server.Provider.Clear();

        using var response = await PostAsync(EveryFieldRequest.Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n\ndata: [DONE]\n\n", text, StringComparison.Ordinal);
        Assert.Equal(EveryFieldRequest.Proto(), Assert.Single(server.Provider.Received));
    }

    [Fact]
    public async Task RestStreamWithEveryField_WrittenBackAsOpenAiJson_IsTheDocumentSent()
    {
        server.Provider.Clear();

        using var response = await PostAsync(EveryFieldRequest.Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonAssert.Equal(EveryFieldRequest.Json, WriteOpenAiJson(Assert.Single(server.Provider.Received)));
    }

    [Fact]
    public async Task RestUnaryWithEveryField_ReachesTheProviderUnchanged_AndWritesBackAsSent()
    {
        server.Provider.Clear();
        var document = JsonNode.Parse(EveryFieldRequest.Json)!.AsObject();
        document["stream"] = false;
        document.Remove("stream_options");
        var expected = EveryFieldRequest.Proto();
        expected.Stream = false;
        expected.StreamOptions = null;

        using var response = await PostAsync(document.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var completion = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("chat.completion", (string?)completion["object"]);
        Assert.Equal(RecordingProvider.Reply, (string?)completion["choices"]![0]!["message"]!["content"]);
        var received = Assert.Single(server.Provider.Received);
        Assert.Equal(expected, received);
        JsonAssert.Equal(document.ToJsonString(), WriteOpenAiJson(received));
    }

    [Fact]
    public async Task RestStopAsAString_ArrivesAsAListOfOne()
    {
        server.Provider.Clear();

        using var response = await PostAsync("""{"model":"recorder","messages":[{"role":"user","content":"hi"}],"stop":"END"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = new CreateChatCompletionRequest
        {
            Model = RecordingServerFixture.Model,
            Messages = { new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } } },
            Stop = { "END" },
        };
        Assert.Equal(expected, Assert.Single(server.Provider.Received));
    }

    [Fact]
    public async Task GrpcUnaryWithEveryField_ReachesTheProviderUnchanged_ExceptStreamWhichTheRpcSets()
    {
        server.Provider.Clear();
        var sent = EveryFieldRequest.Proto();
        sent.ClearStream();
        sent.StreamOptions = null; // Refused on a unary call: they only mean something on a stream.

        var completion = await server.CreateChatClient().CreateChatCompletionAsync(sent);

        Assert.Equal(RecordingProvider.Reply, completion.Choices.Single().Message.Content);
        var expected = sent.Clone();
        expected.Stream = false;
        Assert.Equal(expected, Assert.Single(server.Provider.Received));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GrpcStreamWithEveryField_ReachesTheProviderUnchanged_ExceptStreamWhichTheRpcSets(bool? streamAsSent)
    {
        server.Provider.Clear();
        var sent = EveryFieldRequest.Proto();
        sent.ClearStream();
        if (streamAsSent is { } stream)
        {
            sent.Stream = stream;
        }

        using var call = server.CreateChatClient().StreamChatCompletion(sent);
        var chunks = await call.ResponseStream.ReadAllAsync().ToListAsync();

        Assert.Equal(RecordingProvider.Reply, chunks[0].Choices.Single().Delta.Content);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        var expected = sent.Clone();
        expected.Stream = true;
        Assert.Equal(expected, Assert.Single(server.Provider.Received));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SameRequestOverRestAndGrpc_ReachesTheProviderIdentically(bool stream)
    {
        var document = JsonNode.Parse(EveryFieldRequest.Json)!.AsObject();
        document["stream"] = stream;
        if (!stream)
        {
            document.Remove("stream_options");
        }

        var proto = EveryFieldRequest.Proto();
        proto.Stream = stream;
        if (!stream)
        {
            proto.StreamOptions = null;
        }

        server.Provider.Clear();
        using (var response = await PostAsync(document.ToJsonString()))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await response.Content.ReadAsStringAsync();
        }

        var overRest = Assert.Single(server.Provider.Received);
        server.Provider.Clear();
        var client = server.CreateChatClient();
        if (stream)
        {
            using var call = client.StreamChatCompletion(proto);
            await call.ResponseStream.ReadAllAsync().ToListAsync();
        }
        else
        {
            await client.CreateChatCompletionAsync(proto);
        }

        var overGrpc = Assert.Single(server.Provider.Received);
        Assert.Equal(overRest, overGrpc);
        Assert.Equal(stream, overGrpc.Stream);
    }

    private async Task<HttpResponseMessage> PostAsync(string body)
    {
        using var client = server.CreateHttpClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await client.PostAsync(Path, content);
    }

    private static string WriteOpenAiJson(CreateChatCompletionRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            OpenAiRequestWriter.Write(writer, request);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
