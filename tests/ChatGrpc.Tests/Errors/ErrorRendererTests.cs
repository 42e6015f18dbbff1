using System.Text.Json;
using System.Text.Json.Nodes;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.Server.Grpc;
using ChatGrpc.Server.Rest;
using ChatGrpc.Server.Validation;
using ChatGrpc.Tests.Auth;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace ChatGrpc.Tests.Errors;

/// <summary>
/// The two error renderers, REST and gRPC, against the one table: every kind answered with its row's HTTP status,
/// OpenAI type and code, and gRPC status, and recorded on the call as the kind it is.
/// </summary>
public sealed class ErrorRendererTests
{
    private const string RequestIdValue = "req-renderer-1";
    private const string Message = "What went wrong, and how to fix it.";

    /// <summary>Every kind by name (the enum is internal to the server).</summary>
    public static TheoryData<string> AllKinds => [.. Enum.GetNames<ChatErrorKind>()];

    [Theory]
    [MemberData(nameof(AllKinds))]
    public async Task Rest_AnswersTheKindAsTheTableSays(string kindName)
    {
        var kind = Enum.Parse<ChatErrorKind>(kindName);
        var row = ChatErrors.Describe(kind);
        var (httpContext, body, record) = CreateCall();

        await RestErrorRenderer.WriteAsync(httpContext.Response, FailureOf(kind));

        Assert.Equal(row.HttpStatus, httpContext.Response.StatusCode);
        Assert.Equal("application/json", httpContext.Response.ContentType);
        AssertJson(ExpectedRestBody(kind), body);
        Assert.Equal(kind, record.Failure);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public async Task Rest_TranscodedCall_EndsWithTheTablesStatusOnBothSides(string kindName)
    {
        var kind = Enum.Parse<ChatErrorKind>(kindName);
        var row = ChatErrors.Describe(kind);
        var (httpContext, body, record) = CreateCall();
        var call = new FakeServerCallContext("/chatgrpc.v1.OpenAiCompatibleService/CreateChatCompletion", httpContext);

        Assert.True(await RestErrorRenderer.TryEndCallAsync(call, FailureOf(kind)));

        Assert.Equal(row.GrpcStatus, call.Status.StatusCode);
        if (kind == ChatErrorKind.ClientClosed)
        {
            // Nobody is left to read an answer.
            Assert.Equal(0, body.Length);
            Assert.False(httpContext.Response.HasStarted);
        }
        else
        {
            Assert.Equal(row.HttpStatus, httpContext.Response.StatusCode);
            AssertJson(ExpectedRestBody(kind), body);
        }

        // What transcoding writes afterwards for a call whose status is not OK is discarded.
        var written = body.ToArray();
        await httpContext.Response.Body.WriteAsync("{\"code\":3}"u8.ToArray());
        Assert.Equal(written, body.ToArray());
        Assert.Equal(kind, record.Failure);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Grpc_AnswersTheKindAsTheTableSays(string kindName)
    {
        var kind = Enum.Parse<ChatErrorKind>(kindName);
        var row = ChatErrors.Describe(kind);
        var (httpContext, _, record) = CreateCall();

        var status = GrpcErrorRenderer.Render(httpContext, FailureOf(kind)).GetRpcStatus()!;

        Assert.Equal((int)row.GrpcStatus, status.Code);
        Assert.Equal(kind, record.Failure);
        if (kind == ChatErrorKind.ValidationFailed)
        {
            Assert.Equal(ChatErrors.InvalidRequestMessage, status.Message);
            var violation = Assert.Single(Assert.Single(status.Details).Unpack<BadRequest>().FieldViolations);
            Assert.Equal(new BadRequest.Types.FieldViolation { Field = "body.messages", Reason = "missing", Description = "Field required" }, violation);
            return;
        }

        Assert.Equal(Message, status.Message);
        var info = Assert.Single(status.Details).Unpack<ErrorInfo>();
        Assert.Equal(new ErrorInfo { Reason = row.OpenAiCode, Domain = "chatgrpc", Metadata = { ["type"] = row.OpenAiType } }, info);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public async Task Grpc_BeforeTheCallRuns_AnswersTrailersOnlyWithTheTablesStatus(string kindName)
    {
        var kind = Enum.Parse<ChatErrorKind>(kindName);
        var (httpContext, body, record) = CreateCall();

        await GrpcErrorRenderer.WriteTrailersOnlyAsync(httpContext, new ChatCompletionException(kind, "Received message exceeds the maximum configured message size."));

        var response = httpContext.Response;
        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        Assert.Equal("application/grpc", response.ContentType);
        Assert.Equal(((int)ChatErrors.Describe(kind).GrpcStatus).ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers["grpc-status"].ToString());
        Assert.Equal("Received%20message%20exceeds%20the%20maximum%20configured%20message%20size.", response.Headers["grpc-message"].ToString());
        Assert.Equal(0, body.Length);
        Assert.Equal(kind, record.Failure);
    }

    [Fact]
    public async Task Rest_RetryAfterAndChallenge_AreHeaders()
    {
        var (httpContext, _, _) = CreateCall();

        await RestErrorRenderer.WriteAsync(
            httpContext.Response,
            new ChatCompletionException(ChatErrorKind.Unauthenticated, Message) { RetryAfter = TimeSpan.FromSeconds(1.2), Challenge = "Basic realm=\"ChatGrpc\"" });

        Assert.Equal("2", httpContext.Response.Headers.RetryAfter.ToString());
        Assert.Equal("Basic realm=\"ChatGrpc\"", httpContext.Response.Headers.WWWAuthenticate.ToString());
    }

    [Fact]
    public async Task Rest_UpstreamStatus_IsRelayedWithTheKindsNames()
    {
        var (httpContext, body, _) = CreateCall();

        await RestErrorRenderer.WriteAsync(
            httpContext.Response,
            new ChatCompletionException(ChatErrorKind.BadRequest, Message) { UpstreamStatus = 400, Code = "context_length_exceeded", Param = "messages" });

        Assert.Equal(400, httpContext.Response.StatusCode);
        AssertJson(
            new JsonObject
            {
                ["detail"] = Message,
                ["error"] = new JsonObject { ["message"] = Message, ["type"] = "invalid_request_error", ["param"] = "messages", ["code"] = "context_length_exceeded", ["request_id"] = RequestIdValue },
            },
            body);
    }

    [Fact]
    public async Task Rest_ManyProblems_TheOpenAiErrorNamesTheFirstAndCountsTheRest()
    {
        var (httpContext, body, _) = CreateCall();
        var problems = new[] { Missing("model"), Missing("messages"), Missing("n") };

        await RestErrorRenderer.WriteAsync(httpContext.Response, ChatCompletionException.Invalid(problems));

        var error = JsonNode.Parse(body.ToArray())!["error"]!;
        Assert.Equal("model: Field required (and 2 more problems)", (string?)error["message"]);
        Assert.Equal("model", (string?)error["param"]);
        Assert.Equal("missing", (string?)error["code"]);
    }

    [Fact]
    public void Grpc_ProblemsPastTheTrailerBudget_AreCountedInTheMessage()
    {
        var longName = new string('x', 400);
        var problems = Enumerable.Range(0, 100).Select(i => Missing($"{longName}{i}")).ToArray();

        var status = GrpcErrorRenderer.ToRpcException(ChatCompletionException.Invalid(problems)).GetRpcStatus()!;

        var shown = status.Details.Single().Unpack<BadRequest>().FieldViolations.Count;
        Assert.InRange(shown, 1, 99);
        Assert.Equal($"{ChatErrors.InvalidRequestMessage} {100 - shown} more are not shown.", status.Message);
    }

    [Fact]
    public void Grpc_RetryAfterAndQuota_AreDetails()
    {
        var failure = new ChatCompletionException(ChatErrorKind.RateLimited, Message)
        {
            RetryAfter = TimeSpan.FromSeconds(3),
            Quota = new QuotaViolation("user:alice", "50 requests per minute"),
        };

        var status = GrpcErrorRenderer.ToRpcException(failure).GetRpcStatus()!;

        Assert.Equal(TimeSpan.FromSeconds(3), status.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
        Assert.Equal("user:alice", Assert.Single(status.GetDetail<QuotaFailure>().Violations).Subject);
    }

    [Fact]
    public async Task Rest_MidStream_IsAnErrorEventThenDone()
    {
        var (httpContext, body, _) = CreateCall();
        using (var answer = new OpenAiAnswerWriter(httpContext.Response, grpc: null))
        {
            await RestErrorRenderer.WriteStreamErrorAsync(answer, new ChatCompletionException(ChatErrorKind.UpstreamFailed, Message), RequestIdValue);
        }

        var events = System.Text.Encoding.UTF8.GetString(body.ToArray()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, events.Length);
        Assert.StartsWith("data: ", events[0], StringComparison.Ordinal);
        var row = ChatErrors.Describe(ChatErrorKind.UpstreamFailed);
        Assert.True(
            JsonNode.DeepEquals(
                new JsonObject { ["error"] = new JsonObject { ["message"] = Message, ["type"] = row.OpenAiType, ["param"] = null, ["code"] = row.OpenAiCode, ["request_id"] = RequestIdValue } },
                JsonNode.Parse(events[0]["data: ".Length..])),
            events[0]);
        Assert.Equal("data: [DONE]", events[1]);
    }

    private static ChatCompletionException FailureOf(ChatErrorKind kind) =>
        kind == ChatErrorKind.ValidationFailed ? ChatCompletionException.Invalid([Missing("messages")]) : new ChatCompletionException(kind, Message);

    private static ValidationProblem Missing(string field) => PydanticErrors.Missing([field], JsonSerializer.SerializeToElement(new { }));

    /// <summary>FastAPI's <c>detail</c> beside OpenAI's <c>error</c>, named from the kind's row.</summary>
    private static JsonObject ExpectedRestBody(ChatErrorKind kind)
    {
        var row = ChatErrors.Describe(kind);
        if (kind == ChatErrorKind.ValidationFailed)
        {
            return new JsonObject
            {
                ["detail"] = new JsonArray(new JsonObject { ["type"] = "missing", ["loc"] = new JsonArray("body", "messages"), ["msg"] = "Field required", ["input"] = new JsonObject() }),
                ["error"] = new JsonObject { ["message"] = "messages: Field required", ["type"] = row.OpenAiType, ["param"] = "messages", ["code"] = "missing", ["request_id"] = RequestIdValue },
            };
        }

        return new JsonObject
        {
            ["detail"] = Message,
            ["error"] = new JsonObject { ["message"] = Message, ["type"] = row.OpenAiType, ["param"] = null, ["code"] = row.OpenAiCode, ["request_id"] = RequestIdValue },
        };
    }

    private static (HttpContext HttpContext, MemoryStream Body, CallRecord Record) CreateCall()
    {
        var httpContext = new DefaultHttpContext();
        httpContext.Request.Headers[RequestId.HeaderName] = RequestIdValue;
        var body = new MemoryStream();
        httpContext.Response.Body = body;
        var record = new CallRecord(RequestIdValue, CallTransport.Rest, System.Diagnostics.Stopwatch.GetTimestamp());
        httpContext.Features.Set(record);
        return (httpContext, body, record);
    }

    private static void AssertJson(JsonNode expected, MemoryStream body)
    {
        var actual = JsonNode.Parse(body.ToArray());
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\nactual   {actual?.ToJsonString()}");
    }
}
