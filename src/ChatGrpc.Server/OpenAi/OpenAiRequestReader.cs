using ChatGrpc.Server.Validation;
using ChatGrpc.V1;

namespace ChatGrpc.Server.OpenAi;

/// <summary>Reads OpenAI's request JSON into <see cref="CreateChatCompletionRequest"/>. (Stub: being written.)</summary>
public static class OpenAiRequestReader
{
    public static OpenAiRequestReadResult Read(ReadOnlyMemory<byte> utf8Json) => throw new NotImplementedException();
}
