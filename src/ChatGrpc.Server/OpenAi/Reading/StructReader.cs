using System.Text.Json;
using ChatGrpc.Server.Validation;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>Free-form JSON objects (function parameters, JSON schemas) as <see cref="Struct"/>, value for value.</summary>
internal static class StructReader
{
    /// <summary>Reads an object (a <see cref="ScalarReader{TValue}"/>); any other kind, null included, is a <c>dict_type</c> at <paramref name="key"/>.</summary>
    public static bool TryRead(JsonElement value, JsonReadContext context, string? key, out Struct result)
    {
        result = null!;
        if (value.ValueKind != JsonValueKind.Object)
        {
            context.Report(PydanticErrors.DictType(context.Location(key), value));
            return false;
        }

        result = ToStruct(value);
        return true;
    }

    /// <summary>
    /// The keys of <paramref name="value"/> that <paramref name="known"/> does not name, value for value; null when
    /// there are none. They are what the SDKs' <c>extra_body</c> adds (vLLM's <c>top_k</c>...), never a problem.
    /// </summary>
    public static Struct? ReadUnknownKeys(JsonElement value, KnownKeys known)
    {
        Struct? result = null;
        foreach (var property in value.EnumerateObject())
        {
            if (!known.Contains(JsonText.GetUtf8Name(property)))
            {
                result ??= new Struct();
                result.Fields[JsonText.GetName(property)] = ToValue(property.Value);
            }
        }

        return result;
    }

    // Recursion is bounded by the parser's maximum depth.
    private static Struct ToStruct(JsonElement value)
    {
        var result = new Struct();
        foreach (var property in value.EnumerateObject())
        {
            // Assigning keeps the first position and the last value of a repeated key, as a Python dict does.
            result.Fields[JsonText.GetName(property)] = ToValue(property.Value);
        }

        return result;
    }

    private static Value ToValue(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return Value.ForStruct(ToStruct(value));
            case JsonValueKind.Array:
                var list = new ListValue();
                foreach (var item in value.EnumerateArray())
                {
                    list.Values.Add(ToValue(item));
                }

                return new Value { ListValue = list };
            case JsonValueKind.String:
                return Value.ForString(JsonText.GetString(value));
            case JsonValueKind.Number:
                return Value.ForNumber(LaxScalars.ToFiniteDouble(value.GetDouble()));
            case JsonValueKind.True:
                return Value.ForBool(true);
            case JsonValueKind.False:
                return Value.ForBool(false);
            default:
                return Value.ForNull();
        }
    }
}
