namespace ChatGrpc.Server.Validation;

/// <summary>How a proto message appears in OpenAI's JSON; decides what a problem's location looks like.</summary>
internal enum MessageShape
{
    /// <summary>A JSON object whose keys are the message's fields.</summary>
    PlainObject,

    /// <summary>An object discriminated by <c>role</c>; the variant's fields sit beside the tag (ChatMessage).</summary>
    RoleUnion,

    /// <summary>An object discriminated by <c>type</c>; the payload sits under the key named after the tag.</summary>
    TypeUnion,

    /// <summary>A string or a list of parts (message contents).</summary>
    StringOrList,

    /// <summary>A string literal or an object (tool_choice, function_call).</summary>
    StringOrObject,

    /// <summary>The list inside a <see cref="StringOrList"/>: only its elements appear in JSON.</summary>
    ListWrapper,
}
