using System.Text.Encodings.Web;
using System.Text.Json;

namespace ChatGrpc.IntegrationTests.Validation;

/// <summary>
/// Compares JSON documents as a whole: object keys in any order, arrays item by item, and numbers by the text
/// they were written with. <see cref="JsonElement.DeepEquals"/> takes <c>2</c> and <c>2.0</c> for equal, but
/// FastAPI writes a float field's bound as <c>2.0</c> and an integer field's as <c>2</c>, and clients see it.
/// </summary>
internal static class JsonAsWritten
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions Indented = new(Compact) { WriteIndented = true };

    /// <returns>Where the documents first differ and how, or null when they are equal.</returns>
    public static string? FindDifference(JsonElement expected, JsonElement actual, string path = "$")
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            return $"{path}: expected {Describe(expected)}, got {Describe(actual)}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                return FindObjectDifference(expected, actual, path);
            case JsonValueKind.Array:
                return FindArrayDifference(expected, actual, path);
            case JsonValueKind.Number:
                return expected.GetRawText() == actual.GetRawText() ? null : $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
            case JsonValueKind.String:
                // Raw text, unescaped byte for byte: a lone surrogate escape ("\ud800") is valid JSON that GetString refuses.
                return UnescapedEquals(expected, actual) ? null : $"{path}: expected {Describe(expected)}, got {Describe(actual)}";
            default:
                return null;
        }
    }

    /// <summary>The document indented, non-ASCII text left readable, numbers as written.</summary>
    public static string Format(JsonElement element)
    {
        try
        {
            return JsonSerializer.Serialize(element, Indented);
        }
        catch (JsonException)
        {
            // A lone surrogate escape cannot be re-encoded; show the text as written.
            return element.GetRawText();
        }
    }

    private static string? FindObjectDifference(JsonElement expected, JsonElement actual, string path)
    {
        foreach (var property in expected.EnumerateObject())
        {
            if (!actual.TryGetProperty(property.Name, out var actualValue))
            {
                return $"{path}: expected key \"{property.Name}\", which is absent";
            }

            if (FindDifference(property.Value, actualValue, $"{path}.{property.Name}") is { } difference)
            {
                return difference;
            }
        }

        foreach (var property in actual.EnumerateObject())
        {
            if (!expected.TryGetProperty(property.Name, out _))
            {
                return $"{path}: unexpected key \"{property.Name}\" with {Describe(property.Value)}";
            }
        }

        return null;
    }

    private static string? FindArrayDifference(JsonElement expected, JsonElement actual, string path)
    {
        var expectedLength = expected.GetArrayLength();
        var actualLength = actual.GetArrayLength();
        for (var i = 0; i < Math.Min(expectedLength, actualLength); i++)
        {
            if (FindDifference(expected[i], actual[i], $"{path}[{i}]") is { } difference)
            {
                return difference;
            }
        }

        return expectedLength == actualLength ? null : $"{path}: expected {expectedLength} items, got {actualLength}";
    }

    private static string Describe(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length <= 200 ? text : text[..200] + "…";
    }

    private static bool UnescapedEquals(JsonElement expected, JsonElement actual)
    {
        try
        {
            return expected.GetString() == actual.GetString();
        }
        catch (InvalidOperationException)
        {
            return expected.GetRawText() == actual.GetRawText();
        }
    }
}
