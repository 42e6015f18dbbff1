using ChatGrpc.Server.Providers.Http;

namespace ChatGrpc.Tests.Providers.Http;

public sealed class UpstreamEndpointTests
{
    [Theory]
    [InlineData("http://vllm:8000/v1", null, "1.1", HttpVersionPolicy.RequestVersionOrLower)]
    [InlineData("https://api.openai.com/v1", null, "2.0", HttpVersionPolicy.RequestVersionOrLower)]
    [InlineData("http://vllm:8000/v1", "2", "2.0", HttpVersionPolicy.RequestVersionExact)]
    [InlineData("https://api.openai.com/v1", "2", "2.0", HttpVersionPolicy.RequestVersionOrLower)]
    [InlineData("https://api.openai.com/v1", "1.1", "1.1", HttpVersionPolicy.RequestVersionExact)]
    public void CreateRequest_SpeaksTheConfiguredHttpVersion(string baseUrl, string? httpVersion, string expectedVersion, HttpVersionPolicy expectedPolicy)
    {
        var endpoint = new UpstreamEndpoint("p/m", UpstreamEndpoint.Join(baseUrl, "chat/completions"), [], httpVersion);

        using var request = endpoint.CreateRequest(new StringContent("{}"), stream: false);

        Assert.Equal(Version.Parse(expectedVersion), request.Version);
        Assert.Equal(expectedPolicy, request.VersionPolicy);
    }

    [Fact]
    public async Task PooledBody_IsSentWhole_AndSurvivesDisposeTwice()
    {
        var content = UpstreamRequestBody.Write(static writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("model", new string('m', 10_000));
            writer.WriteEndObject();
        });

        var text = await content.ReadAsStringAsync();
        content.Dispose();
        content.Dispose();

        Assert.Equal(10_000 + """{"model":""}""".Length, text.Length);
        Assert.Equal("application/json", content.Headers.ContentType?.MediaType);
    }
}
