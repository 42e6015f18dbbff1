using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Rest;

/// <summary>Checks <c>ChatGrpc:RequestBody</c> at start-up, every problem at once, each naming its key.</summary>
internal sealed class RequestBodyOptionsValidator : IValidateOptions<RequestBodyOptions>
{
    public ValidateOptionsResult Validate(string? name, RequestBodyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.MaxBytes <= 0)
        {
            problems.Add($"{RequestBodyOptions.SectionName}:{nameof(RequestBodyOptions.MaxBytes)} must be positive.");
        }

        if (options.ReadTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{RequestBodyOptions.SectionName}:{nameof(RequestBodyOptions.ReadTimeout)} must be positive.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
