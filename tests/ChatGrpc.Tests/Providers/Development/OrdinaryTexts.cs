using System.Globalization;
using System.Text;

namespace ChatGrpc.Tests.Providers.Development;

/// <summary>
/// Realistic texts longer than several tokenizer segments, on which counting in segments must agree
/// exactly with the tokenizer: prose in several scripts, punctuation, emoji, code, CRLF lines, and
/// long runs without any whitespace.
/// </summary>
internal static class OrdinaryTexts
{
    private const string EnglishProse = """
        The gateway accepts OpenAI's wire format and forwards each request to the deployment that serves the model. When a deployment fails before the first chunk, the router tries the next one; once a chunk has been sent, it can only report the failure. Timeouts are separate for the first chunk and for the whole stream, because a model that starts quickly may still stall halfway.

        Don't forget: the client's "max_completion_tokens" wins over the deprecated "max_tokens" -- and it's counted per choice, not per request (n=3 means three times as many tokens). We've measured 1,234.56 ms at p99; that's 12% better than last week's 1,403 ms. Isn't that what you'd expect?!

        """;

    private const string OtherScripts = """
        Le café « Chez Hélène » ouvre à 7 h 30 ; l'été, on y sert des crêpes à la châtaigne. Grüße aus München: Straße, Maß, Fußgängerzone — alles überfüllt.
        Съешь же ещё этих мягких французских булок, да выпей чаю. Ελληνικά: Ξεσκεπάζω την ψυχοφθόρα βδελυγμία.
        人工智能正在改变我们的工作方式。今天的天气很好，我们去公园散步吧！日本語の文章も混ぜます：東京は雨、大阪は晴れです。한국어 문장도 있습니다.
        مرحبا بالعالم، هذه جملة عربية للاختبار. שלום עולם, זה משפט בעברית. हिन्दी में एक वाक्य भी यहाँ है। ภาษาไทยก็มีอยู่ที่นี่ด้วย ขอบคุณครับ

        """;

    private const string EmojiAndSymbols = """
        Release notes 🎉🚀: fixed 🐛 in streaming (👨‍👩‍👧 family emoji, 🏳️‍🌈 flags, é combining accents, 🇫🇷🇯🇵), 100% ✅ — see → https://example.com/docs/v1/chat?lang=en&page=2#section-3.
        Math: ∑ᵢ xᵢ² ≤ ∞, α+β=γ, 3×4=12, ½ ≈ 0.5, temperature 21.5 °C, price €1,299.00 / $1.5k / ¥9800.

        """;

    private const string Code = """
        ```csharp
        public static int Fibonacci(int n)
        {
            if (n < 2)
            {
                return n;
            }

            var (previous, current) = (0, 1);
            for (var i = 2; i <= n; i++)
            {
                (previous, current) = (current, previous + current);
            }

            return current;
        }
        ```

        	Tabs	and    several   spaces, trailing spaces   
        def greet(name: str) -> str:
            return f"Hello, {name}!"  # it's "quoted" & <escaped>

        """;

    /// <summary>Several paragraphs of everything above, a few thousand characters.</summary>
    public static string Document { get; } = string.Concat(EnglishProse, OtherScripts, EmojiAndSymbols, Code, EnglishProse.Replace("\n", "\r\n", StringComparison.Ordinal), OtherScripts);

    /// <summary>Minified JSON: thousands of characters and not one whitespace.</summary>
    public static string MinifiedJson { get; } = BuildMinifiedJson();

    /// <summary>Unspaced script longer than a segment but in short pre-tokens: Chinese with its punctuation.</summary>
    public static string ChineseParagraphs { get; } = string.Concat(Enumerable.Repeat("人工智能正在改变我们的工作方式，也改变了我们学习的方法。", 120));

    public static TheoryData<string> All => new() { Document, MinifiedJson, ChineseParagraphs };

    private static string BuildMinifiedJson()
    {
        var json = new StringBuilder("{\"data\":[");
        for (var i = 0; i < 60; i++)
        {
            json.Append(CultureInfo.InvariantCulture, $"{{\"id\":\"chatcmpl-{i:D4}\",\"score\":{i * 0.37:F2},\"tags\":[\"alpha\",\"béta\",\"γ\"],\"ok\":{(i % 2 == 0 ? "true" : "false")}}},");
        }

        return json.Append("null]}").ToString();
    }
}
