using ChatGrpc.Server.Configuration;

namespace ChatGrpc.Server.Providers.Development;

/// <summary>Checks <c>ChatGrpc:Development</c> at start-up, naming the key: nothing is silently clamped.</summary>
internal sealed class DevelopmentModelOptionsValidator : OptionsValidator<DevelopmentModelOptions>
{
    protected override void Check(DevelopmentModelOptions options, List<string> problems)
    {
        if (options.TokenDelay < TimeSpan.Zero || options.TokenDelay > DevelopmentModelOptions.MaxTokenDelay)
        {
            problems.Add($"{DevelopmentModelOptions.SectionName}:{nameof(DevelopmentModelOptions.TokenDelay)} is {options.TokenDelay}: expected 00:00:00 (no pause) to {DevelopmentModelOptions.MaxTokenDelay:c}.");
        }
    }
}
