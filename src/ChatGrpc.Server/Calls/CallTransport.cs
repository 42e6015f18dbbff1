namespace ChatGrpc.Server.Calls;

/// <summary>Which surface a call came in through.</summary>
internal enum CallTransport
{
    /// <summary>The typed gRPC service, <c>chatgrpc.v1.ChatService</c>.</summary>
    Grpc,

    /// <summary>The OpenAI-compatible REST surface, <c>POST /api/v1/openai/chat/completions</c>.</summary>
    Rest,
}
