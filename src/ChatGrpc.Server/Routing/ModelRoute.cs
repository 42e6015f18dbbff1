using ChatGrpc.Server.Providers;

namespace ChatGrpc.Server.Routing;

/// <summary>One model name and the provider that serves it; registered in DI, one per model.</summary>
internal sealed record ModelRoute(string Model, IChatCompletionProvider Provider);
