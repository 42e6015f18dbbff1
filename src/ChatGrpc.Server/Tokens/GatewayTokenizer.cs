using Microsoft.ML.Tokenizers;

namespace ChatGrpc.Server.Tokens;

/// <summary>
/// The tokenizer the gateway counts with (the development model, and usage estimates for upstreams that report none): o200k_base, the encoding of gpt-4o, so that usage
/// figures look like a real model's. Its data is an embedded resource of a NuGet package: no download.
/// </summary>
internal static class GatewayTokenizer
{
    // Loading the 200k-entry vocabulary takes a noticeable moment, so it happens once per process, on
    // first use; the tokenizer is thread-safe and shared by every request.
    private static readonly Lazy<Tokenizer> s_o200kBase = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));

    /// <summary>Not loaded until a count needs it (see <see cref="SegmentedTokenizer(Lazy{Tokenizer})"/>).</summary>
    public static Lazy<Tokenizer> Loader => s_o200kBase;
}
