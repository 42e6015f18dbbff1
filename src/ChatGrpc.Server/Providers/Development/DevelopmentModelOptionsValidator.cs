using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Providers.Development;

/// <summary>Checks <c>ChatGrpc:Development</c> at start-up, naming the key: nothing is silently clamped.</summary>
internal sealed class DevelopmentModelOptionsValidator : IValidateOptions<DevelopmentModelOptions>
{
    public ValidateOptionsResult Validate(string? name, DevelopmentModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.TokenDelay < TimeSpan.Zero || options.TokenDelay > DevelopmentModelOptions.MaxTokenDelay
            ? ValidateOptionsResult.Fail($"{DevelopmentModelOptions.SectionName}:{nameof(DevelopmentModelOptions.TokenDelay)} is {options.TokenDelay}: expected 00:00:00 (no pause) to {DevelopmentModelOptions.MaxTokenDelay:c}.")
            : ValidateOptionsResult.Success;
    }
}
