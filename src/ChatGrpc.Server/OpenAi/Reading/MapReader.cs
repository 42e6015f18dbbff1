using System.Text.Json;
using ChatGrpc.Server.Validation;
using Google.Protobuf.Collections;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>JSON objects read as maps (<c>metadata</c>, <c>logit_bias</c>); each value's location is its key.</summary>
internal static class MapReader
{
    /// <summary>Reads each value with <paramref name="readValue"/>; reports <c>dict_type</c> at the current location when the value is not an object.</summary>
    /// <param name="unreadable">
    /// Stands in for a value that could not be read: it still takes its place, so that the rules judge its key, entry by entry.
    /// </param>
    public static void Read<TValue>(JsonElement value, JsonReadContext context, MapField<string, TValue> target, ScalarReader<TValue> readValue, TValue unreadable)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            context.Report(PydanticErrors.DictType(context.Location(), value));
            return;
        }

        var position = 0;
        foreach (var property in value.EnumerateObject())
        {
            var key = JsonText.GetName(property);
            var mark = context.ProblemCount;
            target[key] = readValue(property.Value, context, key, out var read) ? read : unreadable;

            ForgetIfRepeatedLater(value, position++, key, mark, context);
        }
    }

    /// <summary>
    /// Python's json keeps only the last value of a repeated key, so an earlier one has no problems to
    /// report. Only looked for once a value has a problem, so valid maps are read in one pass.
    /// </summary>
    private static void ForgetIfRepeatedLater(JsonElement map, int position, string key, int problemCount, JsonReadContext context)
    {
        if (context.ProblemCount == problemCount)
        {
            return;
        }

        var later = 0;
        foreach (var property in map.EnumerateObject())
        {
            if (later++ > position && JsonText.GetName(property) == key)
            {
                context.ForgetProblemsSince(problemCount);
                return;
            }
        }
    }
}
