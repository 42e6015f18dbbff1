namespace ChatGrpc.Server.Providers.AzureOpenAi;

/// <summary>What Azure OpenAI's chat completions do not take of OpenAI's request.</summary>
internal static class AzureOpenAiFields
{
    public static IReadOnlyList<RequestField> Unsupported { get; } =
    [
        // Web search is an OpenAI-hosted tool; Azure answers 400 to it.
        new("web_search_options", static r => r.WebSearchOptions is not null, static r => r.WebSearchOptions = null),
    ];
}
