using System.Net;
using System.Text;
using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Rest;

/// <summary><c>ChatGrpc:Validation:RejectUnknownFields</c> turned on: unknown keys are 422 <c>extra_forbidden</c>, in FastAPI's shape.</summary>
public sealed class StrictModeTests(StrictServerFixture server) : IClassFixture<StrictServerFixture>
{
    private const string Path = "api/v1/openai/chat/completions";

    private async Task<HttpResponseMessage> PostAsync(string body)
    {
        using var client = server.CreateHttpClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await client.PostAsync(Path, content);
    }

    [Fact]
    public async Task UnknownTopLevelKey_Is422ExtraForbidden()
    {
        using var response = await PostAsync("""{"model":"chatgrpc-dev","messages":[{"role":"user","content":"hi"}],"temprature":0.5}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        JsonAssert.Equal(
            """{"detail":[{"type":"extra_forbidden","loc":["body","temprature"],"msg":"Extra inputs are not permitted","input":0.5}]}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownKeyInAMessage_Is422ExtraForbiddenUnderItsRole()
    {
        using var response = await PostAsync("""{"model":"chatgrpc-dev","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi","nmae":"ann"}]}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        JsonAssert.Equal(
            """{"detail":[{"type":"extra_forbidden","loc":["body","messages",1,"user","nmae"],"msg":"Extra inputs are not permitted","input":"ann"}]}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RequestWithOnlyKnownKeys_Is200()
    {
        using var response = await PostAsync("""
            {"model":"chatgrpc-dev",
             "messages":[{"role":"system","content":"Be brief.","name":"sys"},
                         {"role":"user","content":[{"type":"text","text":"hi"}],"name":"ann"}],
             "temperature":0.5,
             "metadata":{"any-key":"any value"},
             "response_format":{"type":"text"},
             "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","any-key":true}}}],
             "tool_choice":"auto"}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
