using ChatGrpc.V1;

namespace ChatGrpc.Server.Providers;

/// <summary>A request field some provider kind cannot honour: its OpenAI name, whether a request sets it, and how to drop it.</summary>
/// <param name="Name">The field's OpenAI name, as errors and <c>x-chatgrpc-dropped-fields</c> show it.</param>
/// <param name="IsSet">Whether the request asks for something the provider would ignore or misread.</param>
/// <param name="Clear">Removes the field from the request.</param>
internal sealed record RequestField(string Name, Func<CreateChatCompletionRequest, bool> IsSet, Action<CreateChatCompletionRequest> Clear);
