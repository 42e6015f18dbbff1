using ChatGrpc.Server.Configuration;

namespace ChatGrpc.Server.Rest;

/// <summary>Checks <c>ChatGrpc:RequestBody</c> at start-up, every problem at once, each naming its key.</summary>
internal sealed class RequestBodyOptionsValidator : OptionsValidator<RequestBodyOptions>
{
    protected override void Check(RequestBodyOptions options, List<string> problems)
    {
        problems.RequirePositive($"{RequestBodyOptions.SectionName}:{nameof(RequestBodyOptions.MaxBytes)}", options.MaxBytes);
        problems.RequirePositive($"{RequestBodyOptions.SectionName}:{nameof(RequestBodyOptions.ReadTimeout)}", options.ReadTimeout);
    }
}
