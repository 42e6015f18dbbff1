using ChatGrpc.Server.Configuration;

namespace ChatGrpc.Server.Rest;

/// <summary>Checks <c>ChatGrpc:RequestBody</c> at start-up, every problem at once, each naming its key.</summary>
internal sealed class RequestBodyOptionsValidator : OptionsValidator<RequestBodyOptions>
{
    protected override void Check(RequestBodyOptions options, List<string> problems)
    {
        if (options.MaxBytes <= 0)
        {
            problems.Add($"{RequestBodyOptions.SectionName}:{nameof(RequestBodyOptions.MaxBytes)} must be positive.");
        }

        if (options.ReadTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{RequestBodyOptions.SectionName}:{nameof(RequestBodyOptions.ReadTimeout)} must be positive.");
        }
    }
}
