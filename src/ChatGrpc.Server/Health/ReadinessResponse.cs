using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatGrpc.Server.Health;

/// <summary>
/// The body of <c>/readyz</c>: the overall status (<c>Healthy</c>, <c>Degraded</c>, <c>Unhealthy</c>) on its own line,
/// then one line per check that is not healthy, saying why, so that an operator reading a probe's output learns
/// what to fix (Redis unreachable, shedding, shutting down).
/// </summary>
internal static class ReadinessResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder(report.Status.ToString());
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Status != HealthStatus.Healthy)
            {
                text.Append('\n').Append(name).Append(": ").Append(entry.Status).Append(": ").Append(entry.Description);
            }
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }
}
