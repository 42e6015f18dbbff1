using System.Net;
using System.Text.Json;
using ChatGrpc.IntegrationTests.Infrastructure;

namespace ChatGrpc.IntegrationTests.Validation;

/// <summary>Every case of tests/ValidationCases, POSTed to the REST endpoint: 422 with exactly the case's detail.</summary>
[Collection(SharedServer.Name)]
public sealed class RestValidationCaseTests(ChatGrpcServerFixture server)
{
    private const string Path = "api/v1/openai/chat/completions";

    public static TheoryData<string> Cases => [.. ValidationCase.Names()];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task InvalidRequest_Is422WithTheCaseDetail(string name)
    {
        var validationCase = ValidationCase.Load(name);
        using var client = server.CreateHttpClient();
        using var content = new ByteArrayContent(validationCase.Body);
        if (validationCase.ContentType is { } contentType)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await client.PostAsync(Path, content);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{name}: expected 422, got {(int)response.StatusCode}:\n{body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = Rest.JsonAssert.ValidationError(System.Text.Json.Nodes.JsonNode.Parse(validationCase.Detail.GetRawText())!.AsArray());
        // The request id is new per call: the answer's own is expected, once it is seen to be there.
        var requestId = JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("request_id").GetString();
        Assert.False(string.IsNullOrEmpty(requestId), $"{name}: an error without a request id");
        error["request_id"] = requestId;
        using var expected = JsonDocument.Parse($$"""{"detail": {{validationCase.Detail.GetRawText()}}, "error": {{error.ToJsonString()}}}""");
        using var actual = JsonDocument.Parse(body);
        var difference = JsonAsWritten.FindDifference(expected.RootElement, actual.RootElement);
        Assert.True(
            difference is null,
            $"{name} ({validationCase.Description}): {difference}\nExpected:\n{JsonAsWritten.Format(expected.RootElement)}\nActual:\n{JsonAsWritten.Format(actual.RootElement)}");
    }
}
