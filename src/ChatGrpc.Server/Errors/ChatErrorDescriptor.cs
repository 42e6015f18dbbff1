using Grpc.Core;

namespace ChatGrpc.Server.Errors;

/// <summary>How one <see cref="ChatErrorKind"/> is shown on each transport.</summary>
/// <param name="Kind">The kind described.</param>
/// <param name="GrpcStatus">The gRPC status code.</param>
/// <param name="HttpStatus">The HTTP status code on the REST surface.</param>
/// <param name="OpenAiType">OpenAI's error <c>type</c>, which the SDKs expose as <c>error.type</c>.</param>
/// <param name="OpenAiCode">OpenAI's error <c>code</c>, unless the error names a more specific one.</param>
internal sealed record ChatErrorDescriptor(ChatErrorKind Kind, StatusCode GrpcStatus, int HttpStatus, string OpenAiType, string OpenAiCode)
{
    /// <summary>The kind as a metric tag and log field: <c>upstream_failed</c>, <c>client_closed</c>.</summary>
    public string OutcomeTag { get; } = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(Kind.ToString());
}
