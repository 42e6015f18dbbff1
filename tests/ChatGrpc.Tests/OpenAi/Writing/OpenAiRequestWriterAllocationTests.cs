using ChatGrpc.Server.OpenAi;
using ChatGrpc.Tests.Shared;

namespace ChatGrpc.Tests.OpenAi.Writing;

/// <summary>
/// The writer runs for every call relayed to an OpenAI-compatible upstream, so the per-item writers it hands to
/// the shared array and object helpers must be cached delegates, not allocated per call.
/// </summary>
public class OpenAiRequestWriterAllocationTests
{
    [Fact]
    public void Write_EveryFieldButMapsAndStructs_WithReusedWriter_AllocatesNothing()
    {
        // Maps and structs (logit_bias, metadata, schemas) are left out: protobuf's map enumerator is an interface.
        var request = EveryFieldRequest.Proto();
        request.LogitBias.Clear();
        request.Metadata.Clear();
        request.ResponseFormat = null;
        foreach (var function in request.Functions)
        {
            function.Parameters = null;
        }

        foreach (var tool in request.Tools)
        {
            if (tool.Function is { } function)
            {
                function.Parameters = null;
            }
        }

        Assert.Equal(0, WrittenJson.AllocatedBytesOfSecondRun(writer => OpenAiRequestWriter.Write(writer, request)));
    }
}
