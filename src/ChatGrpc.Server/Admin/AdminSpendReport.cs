using ChatGrpc.V1;

namespace ChatGrpc.Server.Admin;

/// <summary>The spend section of the operator's page, from the usage records.</summary>
internal sealed class AdminSpendReport(TimeProvider timeProvider)
{
    public const string NoRecordsProblem = "Usage records are not kept by this build of the gateway.";

    public Task<GetSpendResponse> ReadAsync(GetSpendRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        return Task.FromResult(new GetSpendResponse
        {
            From = today.AddDays(-29).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            To = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            RecordsAvailable = false,
            RecordsProblem = NoRecordsProblem,
        });
    }
}
