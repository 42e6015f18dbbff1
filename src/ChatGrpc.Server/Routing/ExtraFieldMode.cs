namespace ChatGrpc.Server.Routing;

/// <summary>
/// What a model does with request fields OpenAI's schema does not name (<c>ChatGrpc:Models:&lt;i&gt;:ExtraFields</c>):
/// what the SDKs' <c>extra_body</c> sends, vLLM's <c>top_k</c> or <c>chat_template_kwargs</c>. Never a validation problem.
/// </summary>
internal enum ExtraFieldMode
{
    /// <summary>Send them to the upstream untouched, at the top level of its request (the default for OpenAI-compatible upstreams).</summary>
    Pass,

    /// <summary>Leave them out and name them in <c>x-chatgrpc-dropped-fields</c> (the default for Azure OpenAI and Anthropic).</summary>
    Drop,

    /// <summary>Answer 400 naming the first of them.</summary>
    Refuse,
}
