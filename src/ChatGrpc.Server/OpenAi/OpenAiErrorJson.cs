using System.Text.Json;
using ChatGrpc.Server.Errors;

namespace ChatGrpc.Server.OpenAi;

/// <summary>OpenAI's error object, <c>{"error": {"message", "type", "param", "code"}}</c>, for provider failures.</summary>
public static class OpenAiErrorJson
{
    public static void Write(Utf8JsonWriter writer, ChatCompletionException exception)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", exception.Message);
        writer.WriteString("type", TypeOf(exception.Kind));
        writer.WriteNull("param");
        writer.WriteNull("code");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string TypeOf(ChatErrorKind kind) => kind switch
    {
        ChatErrorKind.InvalidRequest => "invalid_request_error",
        ChatErrorKind.Unauthenticated => "authentication_error",
        ChatErrorKind.PermissionDenied => "permission_error",
        ChatErrorKind.ModelNotFound => "not_found_error",
        ChatErrorKind.RateLimited => "rate_limit_error",
        ChatErrorKind.ProviderTimeout => "timeout_error",
        _ => "api_error",
    };
}
