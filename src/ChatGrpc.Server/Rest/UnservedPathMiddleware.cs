using ChatGrpc.Server.Errors;

namespace ChatGrpc.Server.Rest;

/// <summary>
/// Gives the 404 of a path the gateway does not serve, and the 405 of a served path called with another method, the
/// documented error body (<c>detail</c> and OpenAI's <c>error</c>) instead of routing's empty one, so that a client
/// is told what went wrong: the AI SDK's default provider, which posts to <c>/responses</c>, otherwise says only
/// "Not Found".
/// </summary>
internal sealed class UnservedPathMiddleware(RequestDelegate next)
{
    // The path is the caller's text: the message shows at most this much of it.
    private const int MaxShownPathLength = 200;

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var response = context.Response;
        if (response.HasStarted || response.ContentType is not null || response.ContentLength is > 0
            || response.StatusCode is not (StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed))
        {
            return;
        }

        var exception = response.StatusCode == StatusCodes.Status405MethodNotAllowed
            ? new ChatCompletionException(ChatErrorKind.MethodNotAllowed, $"{context.Request.Method} is not served at {ShownPath(context.Request)}{AllowedMethods(response)}.")
            : NotServed(context.Request);
        await RestErrorRenderer.WriteAsync(response, exception);
    }

    /// <summary>The 404 of a path the gateway does not serve (routing's, or a file the admin page does not have).</summary>
    public static ChatCompletionException NotServed(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ChatCompletionException(ChatErrorKind.NotFound, NotFoundMessage(request.Method, ShownPath(request))) { Code = "unknown_url" };
    }

    private static string ShownPath(HttpRequest request)
    {
        var path = request.Path.HasValue ? request.Path.Value! : "/";
        return path.Length > MaxShownPathLength ? path[..MaxShownPathLength] + "…" : path;
    }

    private static string NotFoundMessage(string method, string path) =>
        path.EndsWith("/responses", StringComparison.Ordinal) || path.Contains("/responses/", StringComparison.Ordinal)
            ? $"{method} {path} is not served: this gateway serves OpenAI's Chat Completions API (POST /api/v1/openai/chat/completions), not the Responses API. With the Vercel AI SDK use provider.chat(model) or @ai-sdk/openai-compatible."
            : $"{method} {path} is not served by this gateway. It serves POST /api/v1/openai/chat/completions, GET /api/v1/openai/models and GET /api/v1/openai/models/{{model}} (and gRPC on its gRPC endpoint).";

    private static string AllowedMethods(HttpResponse response) =>
        response.Headers.Allow is { Count: > 0 } allow ? $"; it takes {allow}" : string.Empty;
}
