namespace ChatGrpc.Server.Validation;

/// <summary>How strictly requests are read, bound from <c>ChatGrpc:Validation</c>.</summary>
internal sealed class ValidationOptions
{
    public const string SectionName = "ChatGrpc:Validation";

    /// <summary>
    /// When true, a REST body key the schema does not have, at the top level or in any object read as a message, is
    /// reported as <c>extra_forbidden</c>; when false (the default, as FastAPI's model does) it is ignored.
    /// Free-form objects (<c>parameters</c>, <c>json_schema.schema</c>) and maps (<c>metadata</c>,
    /// <c>logit_bias</c>) never have unknown keys.
    /// </summary>
    public bool RejectUnknownFields { get; set; }
}
