namespace ChatGrpc.Server.OpenAi;

/// <summary>
/// How strictly <see cref="OpenAiRequestReader"/> reads REST bodies: the codec's own parameter, not bound from
/// configuration (the REST adapter fills it from <c>ChatGrpc:Validation</c>).
/// </summary>
internal sealed class OpenAiReadOptions
{
    /// <summary>
    /// When true, a key the schema does not have, at the top level or in any object read as a message, is
    /// reported as <c>extra_forbidden</c>; when false it is ignored. Free-form objects (<c>parameters</c>,
    /// <c>json_schema.schema</c>) and maps (<c>metadata</c>, <c>logit_bias</c>) never have unknown keys.
    /// </summary>
    public bool RejectUnknownFields { get; set; }
}
