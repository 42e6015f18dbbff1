namespace ChatGrpc.Server.Completions;

/// <summary>Registration of the pipeline both adapters call, and of what it needs of its own.</summary>
internal static class CompletionsServiceCollectionExtensions
{
    public static IServiceCollection AddChatCompletions(this IServiceCollection services)
    {
        services.AddSingleton<ShutdownCoordinator>();
        services.AddSingleton<CallContextFactory>();
        services.AddSingleton<UnexpectedFailures>();
        services.AddSingleton<ChatCompletionPipeline>();
        return services;
    }
}
