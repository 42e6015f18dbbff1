using ChatGrpc.Server.Errors;
using ChatGrpc.V1;

namespace ChatGrpc.Server.UsageRecords;

/// <summary>
/// Answers the usage report from the database: a user sees its own usage, an admin anyone's (or everyone's when it
/// names no user).
/// </summary>
internal sealed class UsageReports(IUsageRecordStore store, UsageSchemaReadiness readiness)
{
    private static readonly TimeSpan s_schemaPatience = TimeSpan.FromSeconds(5);

    /// <exception cref="ChatCompletionException">400: too many rows; 403: a user who is not an admin asked for another's usage; 503: the database did not answer.</exception>
    public async Task<GetUsageResponse> GetAsync(string caller, bool isAdmin, UsageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!isAdmin)
        {
            if (query.User is not null && !string.Equals(query.User, caller, StringComparison.Ordinal))
            {
                throw new ChatCompletionException(ChatErrorKind.PermissionDenied, $"The user '{caller}' may see only its own usage; users named in ChatGrpc:Auth:Admins see everyone's.")
                {
                    Param = "user",
                };
            }

            query = query with { User = caller };
        }

        IReadOnlyList<UsageReportRow> rows;
        try
        {
            if (!await readiness.WaitAsync(s_schemaPatience, cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException("The usage records schema is not ready.");
            }

            rows = await store.ReportAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new ChatCompletionException(ChatErrorKind.Unavailable, "The usage records database did not answer; try again later.", exception)
            {
                RetryAfter = TimeSpan.FromSeconds(5),
            };
        }

        if (rows.Count > UsageReportSql.MaxRows)
        {
            throw new ChatCompletionException(ChatErrorKind.BadRequest, $"The report would have more than {UsageReportSql.MaxRows} rows: ask for a shorter range, one user, or fewer groups.")
            {
                Param = "group_by",
            };
        }

        var response = new GetUsageResponse();
        foreach (var row in rows)
        {
            var data = new UsageRow
            {
                Requests = row.Requests,
                PromptTokens = row.PromptTokens,
                CachedPromptTokens = row.CachedPromptTokens,
                CompletionTokens = row.CompletionTokens,
                CostUsd = (double)row.CostUsd,
            };
            if (row.Date is not null)
            {
                data.Date = row.Date;
            }

            if (row.User is not null)
            {
                data.User = row.User;
            }

            if (row.Model is not null)
            {
                data.Model = row.Model;
            }

            response.Data.Add(data);
        }

        return response;
    }
}
