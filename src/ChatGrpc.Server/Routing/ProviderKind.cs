namespace ChatGrpc.Server.Routing;

/// <summary>The wire formats an upstream can speak; the names are the configuration's <c>Kind</c> values.</summary>
internal enum ProviderKind
{
    /// <summary>Any OpenAI-compatible <c>/chat/completions</c> server: OpenAI, vLLM, Ollama, llama.cpp, LM Studio, LiteLLM.</summary>
    OpenAI,

    /// <summary>Azure OpenAI: deployment URLs, <c>api-key</c>, <c>api-version</c>.</summary>
    AzureOpenAI,

    /// <summary>Anthropic's Messages API, translated both ways.</summary>
    Anthropic,
}
