using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChatGrpc.Server.OpenAi.Writing;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Server.Providers.Development;

/// <summary>
/// Writes a small JSON value that satisfies a JSON Schema: the arguments the development model passes
/// when it must call a function. Every declared property is filled with the plainest value of its
/// type: <c>const</c>, else the first <c>enum</c> member, else "string" (or an example of its
/// <c>format</c>, stretched or cut to <c>minLength</c>/<c>maxLength</c>), 0 or the nearest bound
/// (<c>minimum</c>, <c>maximum</c> and their exclusive forms), false, null, an object written the same
/// way, or an array of <c>minItems</c> items. Local <c>$ref</c>s ("#/$defs/...") are followed;
/// <c>anyOf</c>/<c>oneOf</c> take their first alternative that is not null, <c>allOf</c> its first schema.
/// <c>pattern</c>, <c>multipleOf</c> and <c>uniqueItems</c> are not honoured.
/// </summary>
internal sealed class JsonSchemaInstanceWriter
{
    // Beyond this depth objects and arrays are written empty, so that no schema can nest us forever.
    private const int MaxDepth = 32;

    // Optional properties stop being filled after this many values: a schema whose optional
    // properties fan out must not make the arguments huge. Required ones are always written.
    private const int MaxValues = 1024;
    private const int MaxArrayItems = 64;
    private const int MaxStringLength = 1024;
    private const string PlaceholderString = "string";

    // A const or enum value is copied into the arguments only up to this size: a schema holding megabytes would
    // otherwise be repeated in every choice of the answer (up to 128).
    private const int MaxCopiedValueBytes = 4 * 1024;
    private const char StringPadding = 'x';

    // The arguments are data inside a JSON document, never HTML, so characters such as é, ' or + stay as
    // they are, the way a model writes them, rather than as \u escapes.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Utf8JsonWriter _writer;
    private readonly Struct _root;

    // Schemas being expanded through $ref, by identity: a reference back to one of them is a cycle.
    private readonly HashSet<Struct> _expanding = new(ReferenceEqualityComparer.Instance);
    private int _valuesWritten;

    private JsonSchemaInstanceWriter(Utf8JsonWriter writer, Struct root)
    {
        _writer = writer;
        _root = root;
    }

    /// <summary>A compact JSON object text that satisfies <paramref name="parameters"/>; "{}" when there is none.</summary>
    public static string CreateArguments(Struct? parameters)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            var instanceWriter = new JsonSchemaInstanceWriter(writer, parameters ?? new Struct());
            instanceWriter._expanding.Add(instanceWriter._root);

            // Arguments are always an object, so a schema that does not say its type describes one.
            instanceWriter.Write(instanceWriter._root, depth: 0, defaultType: "object");
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void Write(Struct schema, int depth, string? defaultType = null)
    {
        _valuesWritten++;
        if (TryResolveReference(schema, out var target))
        {
            if (_expanding.Add(target))
            {
                Write(target, depth + 1, defaultType);
                _expanding.Remove(target);
            }
            else if (depth < MaxDepth)
            {
                // A cycle: write the target once more, without going into its properties or items.
                Write(target, MaxDepth, defaultType);
            }
            else
            {
                _writer.WriteNullValue();
            }

            return;
        }

        var fields = schema.Fields;
        if (fields.TryGetValue("const", out var constant) && IsSmallEnoughToCopy(constant))
        {
            ProtoStructJson.WriteValue(_writer, constant);
            return;
        }

        if (fields.TryGetValue("enum", out var members) && members.ListValue is { Values.Count: > 0 } enumMembers && IsSmallEnoughToCopy(enumMembers.Values[0]))
        {
            ProtoStructJson.WriteValue(_writer, enumMembers.Values[0]);
            return;
        }

        var type = TypeOf(schema);
        if (type is null && FirstAlternative(schema) is { } alternative)
        {
            Write(alternative, depth + 1, defaultType);
            return;
        }

        switch (type ?? defaultType)
        {
            case "object":
                WriteObject(schema, depth);
                break;
            case "array":
                WriteArray(schema, depth);
                break;
            case "string":
                _writer.WriteStringValue(StringFor(schema));
                break;
            case "integer":
                WriteNumber(schema, integer: true);
                break;
            case "number":
                WriteNumber(schema, integer: false);
                break;
            case "boolean":
                _writer.WriteBooleanValue(false);
                break;
            default:
                // "null", or a schema with no type at all, which any value satisfies.
                _writer.WriteNullValue();
                break;
        }
    }

    private void WriteObject(Struct schema, int depth)
    {
        _writer.WriteStartObject();
        if (depth < MaxDepth)
        {
            var required = schema.Fields.TryGetValue("required", out var requiredValue) ? requiredValue.ListValue : null;
            var properties = schema.Fields.TryGetValue("properties", out var propertiesValue) ? propertiesValue.StructValue : null;
            if (properties is not null)
            {
                foreach (var (name, propertySchema) in properties.Fields)
                {
                    var isRequired = Contains(required, name);
                    if (!isRequired && (_valuesWritten >= MaxValues || propertySchema.StructValue is not { } optional || LeadsIntoCycle(optional)))
                    {
                        continue;
                    }

                    _writer.WritePropertyName(name);
                    WriteSchemaValue(propertySchema, depth + 1);
                }
            }

            if (required is not null)
            {
                foreach (var name in required.Values)
                {
                    // A required property that is not declared may hold anything.
                    if (name.KindCase == Value.KindOneofCase.StringValue && properties?.Fields.ContainsKey(name.StringValue) != true)
                    {
                        _writer.WritePropertyName(name.StringValue);
                        _writer.WriteNullValue();
                    }
                }
            }
        }

        _writer.WriteEndObject();
    }

    private void WriteArray(Struct schema, int depth)
    {
        _writer.WriteStartArray();
        if (depth < MaxDepth)
        {
            var count = (int)Math.Clamp(NumberOf(schema, "minItems") ?? 0, 0, MaxArrayItems);
            var prefixItems = (schema.Fields.TryGetValue("prefixItems", out var prefix) ? prefix : null)?.ListValue;
            var items = schema.Fields.TryGetValue("items", out var itemsValue) ? itemsValue : null;

            // Before draft 2020-12 a list of item schemas ("items": [...]) was the tuple form.
            prefixItems ??= items?.ListValue;
            for (var i = 0; i < count; i++)
            {
                var itemSchema = prefixItems is not null && i < prefixItems.Values.Count ? prefixItems.Values[i] : items;
                WriteSchemaValue(itemSchema, depth + 1);
            }
        }

        _writer.WriteEndArray();
    }

    // A schema held in a Value: an object schema, or a boolean schema ("true" accepts anything).
    private void WriteSchemaValue(Value? schema, int depth)
    {
        if (schema?.StructValue is { } structSchema)
        {
            Write(structSchema, depth);
        }
        else
        {
            _writer.WriteNullValue();
        }
    }

    private void WriteNumber(Struct schema, bool integer)
    {
        var (lower, lowerExclusive) = Bound(schema, "minimum", "exclusiveMinimum", isLower: true);
        var (upper, upperExclusive) = Bound(schema, "maximum", "exclusiveMaximum", isLower: false);
        var value = NumberWithin(lower, lowerExclusive, upper, upperExclusive, integer);
        if (integer && value is >= long.MinValue and <= long.MaxValue)
        {
            _writer.WriteNumberValue((long)value);
        }
        else
        {
            // Bounds near double's limits can still overflow to infinity, which JSON cannot hold.
            _writer.WriteNumberValue(double.IsFinite(value) ? value : 0);
        }
    }

    // Whether writing this optional property would come back to a schema being expanded: such a
    // property is left out, or a recursive schema (a tree node with an optional parent) would never end.
    private bool LeadsIntoCycle(Struct schema)
    {
        for (var hops = 0; hops < MaxDepth; hops++)
        {
            if (TryResolveReference(schema, out var target))
            {
                if (_expanding.Contains(target))
                {
                    return true;
                }

                schema = target;
            }
            else if (TypeOf(schema) is null && FirstAlternative(schema) is { } alternative)
            {
                schema = alternative;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    // Only local references ("#", "#/$defs/Name", "#/definitions/Name") can be followed: nothing is fetched.
    private bool TryResolveReference(Struct schema, out Struct target)
    {
        target = _root;
        if (!schema.Fields.TryGetValue("$ref", out var reference)
            || reference.KindCase != Value.KindOneofCase.StringValue
            || !reference.StringValue.StartsWith('#'))
        {
            return false;
        }

        foreach (var segment in reference.StringValue[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (!target.Fields.TryGetValue(name, out var next) || next.StructValue is null)
            {
                return false;
            }

            target = next.StructValue;
        }

        return true;
    }

    private static string? TypeOf(Struct schema)
    {
        var fields = schema.Fields;
        if (fields.TryGetValue("type", out var type))
        {
            if (type.KindCase == Value.KindOneofCase.StringValue)
            {
                return type.StringValue;
            }

            if (type.ListValue is { } types)
            {
                // ["string", "null"]: the value that shows the shape, null only when nothing else is allowed.
                string? onlyNull = null;
                foreach (var member in types.Values)
                {
                    if (member.KindCase == Value.KindOneofCase.StringValue)
                    {
                        if (member.StringValue != "null")
                        {
                            return member.StringValue;
                        }

                        onlyNull = member.StringValue;
                    }
                }

                return onlyNull;
            }
        }

        if (fields.ContainsKey("properties") || fields.ContainsKey("required") || fields.ContainsKey("additionalProperties"))
        {
            return "object";
        }

        return fields.ContainsKey("items") || fields.ContainsKey("prefixItems") ? "array" : null;
    }

    private static Struct? FirstAlternative(Struct schema)
    {
        foreach (var keyword in (ReadOnlySpan<string>)["anyOf", "oneOf"])
        {
            if (schema.Fields.TryGetValue(keyword, out var value) && value.ListValue is { Values.Count: > 0 } alternatives)
            {
                Struct? nullAlternative = null;
                foreach (var alternative in alternatives.Values)
                {
                    if (alternative.StructValue is { } candidate)
                    {
                        if (TypeOf(candidate) != "null")
                        {
                            return candidate;
                        }

                        nullAlternative ??= candidate;
                    }
                }

                return nullAlternative;
            }
        }

        return schema.Fields.TryGetValue("allOf", out var allOf) && allOf.ListValue is { Values.Count: > 0 } all
            ? all.Values[0].StructValue
            : null;
    }

    private static string StringFor(Struct schema)
    {
        var value = (schema.Fields.TryGetValue("format", out var format) ? format.StringValue : null) switch
        {
            "date-time" => "1970-01-01T00:00:00Z",
            "date" => "1970-01-01",
            "time" => "00:00:00Z",
            "duration" => "PT0S",
            "email" => "user@example.com",
            "hostname" => "example.com",
            "ipv4" => "127.0.0.1",
            "ipv6" => "::1",
            "uri" or "url" or "iri" => "https://example.com/",
            "uuid" => "00000000-0000-0000-0000-000000000000",
            _ => PlaceholderString,
        };

        var minLength = (int)Math.Clamp(NumberOf(schema, "minLength") ?? 0, 0, MaxStringLength);
        if (value.Length < minLength)
        {
            value = value.PadRight(minLength, StringPadding);
        }

        var maxLength = NumberOf(schema, "maxLength");
        return maxLength is { } max && value.Length > max ? value[..(int)Math.Max(max, 0)] : value;
    }

    // The bound of one side, from the inclusive keyword and the exclusive one (a number since draft 6,
    // a flag on the inclusive bound in draft 4); when both are numbers the tighter one wins.
    private static (double? Bound, bool Exclusive) Bound(Struct schema, string inclusiveKeyword, string exclusiveKeyword, bool isLower)
    {
        var inclusive = NumberOf(schema, inclusiveKeyword);
        if (!schema.Fields.TryGetValue(exclusiveKeyword, out var exclusive))
        {
            return (inclusive, false);
        }

        if (exclusive.KindCase == Value.KindOneofCase.BoolValue)
        {
            return (inclusive, exclusive.BoolValue && inclusive is not null);
        }

        if (exclusive.KindCase != Value.KindOneofCase.NumberValue || !double.IsFinite(exclusive.NumberValue))
        {
            return (inclusive, false);
        }

        var exclusiveBound = exclusive.NumberValue;
        var exclusiveIsTighter = inclusive is not { } inclusiveBound
            || (isLower ? exclusiveBound >= inclusiveBound : exclusiveBound <= inclusiveBound);
        return exclusiveIsTighter ? (exclusiveBound, true) : (inclusive, false);
    }

    // 0 when the bounds allow it, else the allowed value nearest to 0.
    private static double NumberWithin(double? lower, bool lowerExclusive, double? upper, bool upperExclusive, bool integer)
    {
        var zeroAboveLower = lower is not { } lo || (lowerExclusive ? 0 > lo : 0 >= lo);
        var zeroBelowUpper = upper is not { } hi || (upperExclusive ? 0 < hi : 0 <= hi);
        if (zeroAboveLower && zeroBelowUpper)
        {
            return 0;
        }

        if (!zeroAboveLower)
        {
            var bound = lower!.Value;
            if (integer)
            {
                return lowerExclusive ? Math.Floor(bound) + 1 : Math.Ceiling(bound);
            }

            return !lowerExclusive ? bound : upper is { } limit ? (bound + limit) / 2 : bound + 1;
        }

        var top = upper!.Value;
        if (integer)
        {
            return upperExclusive ? Math.Ceiling(top) - 1 : Math.Floor(top);
        }

        return !upperExclusive ? top : lower is { } floor ? (floor + top) / 2 : top - 1;
    }

    // A bound that is not a JSON number (NaN or infinity, which a gRPC Struct can hold) is no bound at all.
    private static double? NumberOf(Struct schema, string keyword)
        => schema.Fields.TryGetValue(keyword, out var value) && value.KindCase == Value.KindOneofCase.NumberValue && double.IsFinite(value.NumberValue) ? value.NumberValue : null;

    private static bool Contains(ListValue? names, string name)
    {
        if (names is null)
        {
            return false;
        }

        foreach (var candidate in names.Values)
        {
            if (candidate.KindCase == Value.KindOneofCase.StringValue && candidate.StringValue == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a const or enum value can stand in the arguments as it is: small, and JSON (no NaN or infinity).</summary>
    private static bool IsSmallEnoughToCopy(Google.Protobuf.WellKnownTypes.Value value) => value.CalculateSize() <= MaxCopiedValueBytes && IsJson(value);

    private static bool IsJson(Google.Protobuf.WellKnownTypes.Value value) => value.KindCase switch
    {
        Google.Protobuf.WellKnownTypes.Value.KindOneofCase.NumberValue => double.IsFinite(value.NumberValue),
        Google.Protobuf.WellKnownTypes.Value.KindOneofCase.ListValue => value.ListValue.Values.All(IsJson),
        Google.Protobuf.WellKnownTypes.Value.KindOneofCase.StructValue => value.StructValue.Fields.Values.All(IsJson),
        Google.Protobuf.WellKnownTypes.Value.KindOneofCase.None => false,
        _ => true,
    };
}
