using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>Requests over gRPC that the fuzzer found hard to answer, each with the status it must get.</summary>
[Collection(SharedServer.Name)]
public sealed class GrpcHostileInputTests(ChatGrpcServerFixture server)
{
    public static TheoryData<string> StructContentsJsonFormatterRefuses => ["value without a kind", "empty key"];

    public static TheoryData<string> NonFiniteStructNumbers => ["NaN number", "infinite number", "NaN number in a list", "NaN number in a nested object"];

    [Fact]
    public async Task StructWithUnrepresentableContents_IsAcceptedInAValidRequest()
    {
        // The control for the test below: such parameters alone are no reason to refuse the request.
        var request = RequestWithParameters(Parameters("value without a kind"));

        var completion = await server.CreateChatClient().CreateChatCompletionAsync(request);

        Assert.Single(completion.Choices);
    }

    [Theory]
    [MemberData(nameof(StructContentsJsonFormatterRefuses))]
    public Task InvalidRequestQuotingAStructJsonFormatterRefuses_IsInvalidArgument(string contents) =>
        InvalidRequestQuotingTheseParameters_IsInvalidArgument(contents);

    [Theory]
    [MemberData(nameof(NonFiniteStructNumbers))]
    public Task InvalidRequestQuotingAStructWithNonFiniteNumbers_IsInvalidArgument(string contents) =>
        InvalidRequestQuotingTheseParameters_IsInvalidArgument(contents);

    private async Task InvalidRequestQuotingTheseParameters_IsInvalidArgument(string contents)
    {
        // top_logprobs without logprobs breaks a rule of the whole request, whose input is the whole request, parameters and all.
        var request = RequestWithParameters(Parameters(contents));
        request.TopLogprobs = 2;

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.CreateChatClient().CreateChatCompletionAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal(("body", "value_error"), (violation.Field, violation.Reason));
    }

    [Theory]
    [InlineData("enum", double.NaN)]
    [InlineData("enum", double.PositiveInfinity)]
    [InlineData("const", double.NaN)]
    public async Task ForcedFunctionWhoseSchemaOffersANonFiniteNumber_IsAnsweredOrRefused(string keyword, double number)
    {
        var choice = Value.ForNumber(number);
        var property = new Struct { Fields = { [keyword] = keyword == "enum" ? Value.ForList(choice) : choice } };
        var request = RequestWithParameters(new Struct
        {
            Fields = { ["type"] = Value.ForString("object"), ["properties"] = Value.ForStruct(new Struct { Fields = { ["x"] = Value.ForStruct(property) } }) },
        });
        request.ToolChoice = new ToolChoice { Function = new NamedTool { Name = "f" } };
        var client = server.CreateChatClient();

        var unary = await StatusOfAsync(async () => await client.CreateChatCompletionAsync(request));
        var streamed = await StatusOfAsync(async () =>
        {
            using var call = client.StreamChatCompletion(request);
            await call.ResponseStream.ReadAllAsync().CountAsync();
        });

        Assert.Contains(unary, (StatusCode[])[StatusCode.OK, StatusCode.InvalidArgument]);
        Assert.Equal(unary, streamed);
    }

    [Fact]
    public async Task HugeMetadataKey_IsInvalidArgumentStringTooLong()
    {
        var request = RequestWithParameters(null);
        request.Metadata.Add(new string('k', 100_000), "v");

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.CreateChatClient().CreateChatCompletionAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("string_too_long", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Reason);
    }

    [Fact]
    public async Task TwentyThousandInvalidMessages_AreInvalidArgument()
    {
        var request = RequestWithParameters(null);
        for (var i = 0; i < 20_000; i++)
        {
            request.Messages.Add(new ChatMessage());
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.CreateChatClient().CreateChatCompletionAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task LongMetadataKey_IsInvalidArgumentStringTooLong()
    {
        var request = RequestWithParameters(null);
        request.Metadata.Add(new string('k', 1_000), "v");

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.CreateChatClient().CreateChatCompletionAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("string_too_long", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Reason);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.MaxValue)]
    public async Task NonFiniteOrHugeTemperature_IsInvalidArgument(double temperature)
    {
        var request = RequestWithParameters(null);
        request.Temperature = temperature;

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.CreateChatClient().CreateChatCompletionAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal("body.temperature", violation.Field);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(99)]
    public async Task UndefinedEnumNumber_IsInvalidArgument(int number)
    {
        var request = RequestWithParameters(null);
        request.ReasoningEffort = (ReasoningEffort)number;

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.CreateChatClient().CreateChatCompletionAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("body.reasoning_effort", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    private static async Task<StatusCode> StatusOfAsync(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }

    private static CreateChatCompletionRequest RequestWithParameters(Struct? parameters)
    {
        var request = new CreateChatCompletionRequest { Model = "chatgrpc-dev" };
        request.Messages.Add(new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "hi" } } });
        if (parameters is not null)
        {
            request.Tools.Add(new Tool { Function = new FunctionDefinition { Name = "f", Parameters = parameters } });
        }

        return request;
    }

    private static Struct Parameters(string contents)
    {
        var parameters = new Struct { Fields = { ["type"] = Value.ForString("object") } };
        switch (contents)
        {
            case "value without a kind":
                parameters.Fields["x"] = new Value();
                break;
            case "NaN number":
                parameters.Fields["x"] = Value.ForNumber(double.NaN);
                break;
            case "infinite number":
                parameters.Fields["x"] = Value.ForNumber(double.PositiveInfinity);
                break;
            case "NaN number in a list":
                parameters.Fields["x"] = Value.ForList(Value.ForNumber(double.NaN), Value.ForString("f"));
                break;
            case "NaN number in a nested object":
                parameters.Fields["x"] = Value.ForStruct(new Struct { Fields = { ["y"] = Value.ForNumber(double.NaN) } });
                break;
            default:
                parameters.Fields[""] = Value.ForString("x");
                break;
        }

        return parameters;
    }
}
