using System.ClientModel.Primitives;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.Tests.Shared;
using ChatGrpc.V1;
using Google.Protobuf.WellKnownTypes;
using OpenAI.Chat;
using ChatMessage = ChatGrpc.V1.ChatMessage;
using SdkChatCompletion = OpenAI.Chat.ChatCompletion;

namespace ChatGrpc.Tests.OpenAi.Writing;

/// <summary>The official OpenAI .NET SDK reads what the writers write and sees the same values.</summary>
public class OpenAiSdkReadsWrittenJsonTests
{
    private static T Read<T>(string json)
        where T : IPersistableModel<T> => ModelReaderWriter.Read<T>(BinaryData.FromString(json))!;

    [Fact]
    public void Completion_ReadBySdk_HasSameIdContentFinishReasonAndUsage()
    {
        var completion = SampleCompletions.Text(new Usage
        {
            PromptTokens = 100,
            CompletionTokens = 50,
            TotalTokens = 150,
            PromptTokensDetails = new PromptTokensDetails { CachedTokens = 64 },
            CompletionTokensDetails = new CompletionTokensDetails { ReasoningTokens = 40 },
        });
        completion.SystemFingerprint = "fp_abc";

        var read = Read<SdkChatCompletion>(WrittenJson.Of(writer => OpenAiResponseWriter.WriteCompletion(writer, completion)));

        Assert.Equal(
            ("chatcmpl-1", "gpt-4o-mini", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), ChatMessageRole.Assistant, "Hello there.", ChatFinishReason.Stop, "fp_abc"),
            (read.Id, read.Model, read.CreatedAt, read.Role, Assert.Single(read.Content).Text, read.FinishReason, read.SystemFingerprint));
        Assert.Null(read.Refusal);
        Assert.Empty(read.ToolCalls);
        Assert.Equal(
            (100, 50, 150, 64, 40),
            (read.Usage.InputTokenCount, read.Usage.OutputTokenCount, read.Usage.TotalTokenCount, read.Usage.InputTokenDetails.CachedTokenCount, read.Usage.OutputTokenDetails.ReasoningTokenCount));
    }

    [Fact]
    public void CompletionWithToolCalls_ReadBySdk_HasSameToolCalls()
    {
        var completion = SampleCompletions.ToolCalls(
            new ToolCall { Id = "call_1", Function = new FunctionCall { Name = "get_weather", Arguments = "{\"city\":\"Oslo\"}" } },
            new ToolCall { Id = "call_2", Function = new FunctionCall { Name = "get_time", Arguments = "{}" } });
        completion.Usage = new Usage { PromptTokens = 1, CompletionTokens = 2, TotalTokens = 3 };

        var read = Read<SdkChatCompletion>(WrittenJson.Of(writer => OpenAiResponseWriter.WriteCompletion(writer, completion)));

        Assert.Equal(ChatFinishReason.ToolCalls, read.FinishReason);
        Assert.Empty(read.Content);
        Assert.Equal(
            [("call_1", ChatToolCallKind.Function, "get_weather", "{\"city\":\"Oslo\"}"), ("call_2", ChatToolCallKind.Function, "get_time", "{}")],
            read.ToolCalls.Select(call => (call.Id, call.Kind, call.FunctionName, call.FunctionArguments.ToString())));
    }

    [Fact]
    public void StreamOfChunks_ReadBySdk_HasSameRoleContentToolCallsFinishReasonAndUsage()
    {
        var first = SampleCompletions.Chunk(new ChatCompletionChunkChoice { Delta = new ChatCompletionDelta { Role = ChatRole.Assistant, Content = "" } });
        var content = SampleCompletions.Chunk(new ChatCompletionChunkChoice { Delta = new ChatCompletionDelta { Content = "Hel" } });
        var toolCall = SampleCompletions.Chunk(new ChatCompletionChunkChoice
        {
            Delta = new ChatCompletionDelta
            {
                ToolCalls = { new ToolCallDelta { Index = 0, Id = "call_1", Function = new FunctionCallDelta { Name = "get_weather", Arguments = "{\"ci" } } },
            },
        });
        var last = SampleCompletions.Chunk(new ChatCompletionChunkChoice { Delta = new ChatCompletionDelta(), FinishReason = FinishReason.ToolCalls });
        var usage = SampleCompletions.Chunk();
        usage.Usage = new Usage { PromptTokens = 10, CompletionTokens = 4, TotalTokens = 14 };

        StreamingChatCompletionUpdate ReadChunk(ChatCompletionChunk chunk) =>
            Read<StreamingChatCompletionUpdate>(WrittenJson.Of(writer => OpenAiResponseWriter.WriteChunk(writer, chunk, includeUsage: true)));

        var firstRead = ReadChunk(first);
        Assert.Equal(("chatcmpl-9", "gpt-4o-mini", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)), (firstRead.CompletionId, firstRead.Model, firstRead.CreatedAt));
        Assert.Equal(ChatMessageRole.Assistant, firstRead.Role);
        Assert.Null(firstRead.FinishReason);
        Assert.Null(firstRead.Usage);

        Assert.Equal("Hel", Assert.Single(ReadChunk(content).ContentUpdate).Text);

        var toolCallUpdate = Assert.Single(ReadChunk(toolCall).ToolCallUpdates);
        Assert.Equal(
            (0, "call_1", ChatToolCallKind.Function, "get_weather", "{\"ci"),
            (toolCallUpdate.Index, toolCallUpdate.ToolCallId, toolCallUpdate.Kind, toolCallUpdate.FunctionName, toolCallUpdate.FunctionArgumentsUpdate.ToString()));

        Assert.Equal(ChatFinishReason.ToolCalls, ReadChunk(last).FinishReason);

        var usageRead = ReadChunk(usage);
        Assert.Equal((10, 4, 14), (usageRead.Usage.InputTokenCount, usageRead.Usage.OutputTokenCount, usageRead.Usage.TotalTokenCount));
    }

    [Fact]
    public void Request_ReadBySdkAsChatCompletionOptions_HasSameSettings()
    {
        var request = new CreateChatCompletionRequest
        {
            Model = "gpt-4o",
            Messages =
            {
                new ChatMessage { System = new SystemMessage { Content = new TextContent { Text = "Be brief." } } },
                new ChatMessage { User = new UserMessage { Content = new UserContent { Text = "Weather?" } } },
            },
            Temperature = 0.25,
            TopP = 1,
            MaxCompletionTokens = 256,
            Stop = { "END" },
            Metadata = { ["team"] = "search" },
            LogitBias = { ["50256"] = -100 },
            ToolChoice = new ToolChoice { Mode = ToolChoiceMode.Required },
            Tools =
            {
                new Tool
                {
                    Function = new FunctionDefinition
                    {
                        Name = "get_weather",
                        Description = "Weather by city.",
                        Parameters = new Struct { Fields = { ["type"] = Value.ForString("object") } },
                        Strict = true,
                    },
                },
            },
            ResponseFormat = new ResponseFormat { JsonObject = new ResponseFormatJsonObject() },
            User = "user-1",
        };

        var read = Read<ChatCompletionOptions>(WrittenJson.Of(writer => OpenAiRequestWriter.Write(writer, request)));

        Assert.Equal((0.25f, 1f, 256, "user-1"), (read.Temperature, read.TopP, read.MaxOutputTokenCount, read.EndUserId));
        Assert.Equal(["END"], read.StopSequences);
        Assert.Equal("search", read.Metadata["team"]);
        Assert.Equal(-100, read.LogitBiases[50256]);
        Assert.Equal("\"required\"", ModelReaderWriter.Write(read.ToolChoice).ToString());
        var tool = Assert.Single(read.Tools);
        Assert.Equal(("get_weather", "Weather by city.", "{\"type\":\"object\"}", true), (tool.FunctionName, tool.FunctionDescription, tool.FunctionParameters.ToString(), tool.FunctionSchemaIsStrict));
    }
}
