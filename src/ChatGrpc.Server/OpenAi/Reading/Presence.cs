namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>What leaving a key out and sending JSON null mean for it, as OpenAI's types say and Pydantic reads them.</summary>
internal enum Presence
{
    /// <summary>Must be sent: absent is <c>missing</c>, and null is a value of the wrong kind.</summary>
    Required,

    /// <summary>Must be sent, but may be null (<c>Optional</c> without a default), which leaves the field unset.</summary>
    RequiredOrNull,

    /// <summary>Optional: an absent key and JSON null both leave the field unset.</summary>
    Optional,

    /// <summary>
    /// May be left out, but is not Optional: a key inside an object that OpenAI's types do not mark Optional may be
    /// left out, but null is a value of the wrong kind there, as Pydantic reports it.
    /// </summary>
    Omittable,
}
