using ChatGrpc.Server.Tokens;
namespace ChatGrpc.Server.Providers.Development;

/// <summary>The function call the development model answers with when the request forces one.</summary>
/// <param name="Id">The tool call's id, "call_" and a suffix derived from the call and the conversation.</param>
/// <param name="Name">The function called.</param>
/// <param name="Arguments">The arguments, a JSON object text, with its tokens.</param>
/// <param name="IsDeprecatedFunctionCall">Answered as <c>message.function_call</c> rather than a tool call.</param>
internal sealed record DevelopmentFunctionCall(string Id, string Name, TokenizedText Arguments, bool IsDeprecatedFunctionCall);
