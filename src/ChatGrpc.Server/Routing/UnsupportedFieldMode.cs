namespace ChatGrpc.Server.Routing;

/// <summary>What a model does with a request field its deployments' kind cannot honour (<c>UnsupportedFields</c>).</summary>
internal enum UnsupportedFieldMode
{
    /// <summary>Answer 400 naming the field and the model: nothing is sent that the upstream would misread.</summary>
    Refuse,

    /// <summary>Clear the field, log a warning, and name it in <c>x-chatgrpc-dropped-fields</c>.</summary>
    Drop,
}
