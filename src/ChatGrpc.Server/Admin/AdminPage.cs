using System.Collections.Frozen;
using ChatGrpc.Server.Rest;
using Microsoft.Net.Http.Headers;

namespace ChatGrpc.Server.Admin;

/// <summary>
/// The operator's page: one HTML file, its stylesheet and its script, embedded in the server and served as they are
/// (no build step, nothing from elsewhere). The script reads the page's data from <c>/api/v1/admin/…</c>.
/// </summary>
internal static class AdminPage
{
    public const string Path = "/admin";

    // Everything from the gateway itself; no inline script, no frames of it elsewhere.
    private const string ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, AdminPageAsset> s_assets = new[]
    {
        AdminPageAsset.Load("admin.html", "text/html; charset=utf-8"),
        AdminPageAsset.Load("admin.css", "text/css; charset=utf-8"),
        AdminPageAsset.Load("admin.js", "text/javascript; charset=utf-8"),
    }.ToFrozenDictionary(static asset => asset.Name, StringComparer.Ordinal);

    /// <summary>The page's files by name, as <c>/admin/{name}</c> serves them (the page itself at <c>/admin</c>).</summary>
    public static IReadOnlyDictionary<string, AdminPageAsset> Assets => s_assets;

    public static Task ServeAsync(HttpContext context)
    {
        var name = context.Request.RouteValues.TryGetValue("asset", out var value) && value is string asset ? asset : "admin.html";
        if (!s_assets.TryGetValue(name, out var file))
        {
            return RestErrorRenderer.WriteAsync(context.Response, UnservedPathMiddleware.NotServed(context.Request));
        }

        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.ETag = file.ETag;
        headers.XContentTypeOptions = "nosniff";
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        if (context.Request.Headers.IfNoneMatch == file.ETag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        context.Response.ContentType = file.ContentType;
        context.Response.ContentLength = file.Content.Length;
        return context.Response.Body.WriteAsync(file.Content, context.RequestAborted).AsTask();
    }
}
