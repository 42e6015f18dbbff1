using System.Collections;
using System.Runtime.InteropServices;
using System.Text.Json;
using Buf.Validate;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.Validation.Rules;

/// <summary>
/// One pass of the compiled rules over a request. Builds each problem's location in OpenAI's JSON terms as
/// it descends, and quotes the offending value from the JSON the request was read from (REST) or from the
/// proto value (gRPC). Fields are read through the plans' typed readers, and a value is boxed or quoted only
/// to report a problem, so a request that breaks no rule is walked without allocating.
/// </summary>
internal sealed class RuleWalk
{
    private static readonly JsonFormatter ProtoJson = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithFormatDefaultValues(false));

    // One walk per thread, reused: its lists keep their capacity from one request to the next.
    [ThreadStatic]
    private static RuleWalk? _threadWalk;

    private List<ValidationProblem> _problems = null!;
    private JsonElement? _source;

    // The location so far; Navigates says whether a segment is also a step in the JSON document (tags and
    // union member names appear in locations but not in the document).
    private readonly List<Segment> _location = [];

    // Unions whose non-string member we are inside: a problem there also fails the string member, and
    // Pydantic reports both. One sibling problem per union instance.
    private readonly List<UnionFrame> _unions = [];

    private RuleWalk()
    {
    }

    /// <summary>Appends a problem for every rule <paramref name="message"/> breaks.</summary>
    /// <param name="source">The JSON the message was read from, to quote offending values as sent; null for gRPC.</param>
    public static void Run(IMessage message, MessageRulePlan plan, List<ValidationProblem> problems, JsonElement? source)
    {
        // Taken off the thread while in use: nothing re-enters a walk today, but a walk that did would get its own.
        var walk = _threadWalk ?? new RuleWalk();
        _threadWalk = null;
        walk._problems = problems;
        walk._source = source;
        try
        {
            walk.VisitMessage(message, plan);
        }
        finally
        {
            // Let go of the caller's list and document; a walk that threw part way starts clean next time.
            walk._problems = null!;
            walk._source = null;
            walk._location.Clear();
            walk._unions.Clear();
            _threadWalk = walk;
        }
    }

    private void VisitMessage(IMessage message, MessageRulePlan plan)
    {
        var problemCount = _problems.Count;
        foreach (var oneof in plan.RequiredOneofs)
        {
            if (oneof.CaseOf(message) == 0)
            {
                var input = ResolveInput(message, parent: false);
                Add(plan.Shape switch
                {
                    MessageShape.RoleUnion => PydanticErrors.UnionTagNotFound(Location(), input, "role"),
                    MessageShape.TypeUnion => PydanticErrors.UnionTagNotFound(Location(), input, "type"),
                    // An object whose oneof has a single case (prediction's content): that key is what is missing.
                    _ when oneof.Oneof.Fields.Count == 1 => PydanticErrors.Missing([.. Location(), oneof.Oneof.Fields[0].Name], input),
                    _ => PydanticErrors.Missing(Location(), input),
                });
            }
        }

        foreach (var fieldPlan in plan.Fields)
        {
            // A oneof member is set only while it is its oneof's case.
            if (fieldPlan.Field.RealContainingOneof is not null && !fieldPlan.Reader!.IsSet(message))
            {
                continue;
            }

            var depth = _location.Count;
            var unions = _unions.Count;
            PushField(plan, fieldPlan, message);
            VisitField(message, fieldPlan);
            _location.RemoveRange(depth, _location.Count - depth);
            _unions.RemoveRange(unions, _unions.Count - unions);
        }

        // Pydantic checks rules across fields as a model validator after the fields: only once every field is
        // valid, and the first rule that fails is the one reported.
        if (_problems.Count > problemCount)
        {
            return;
        }

        foreach (var rule in plan.CrossFieldRules)
        {
            if (!rule.Check(message))
            {
                Add(PydanticErrors.ValueError(Location(), ResolveInput(message, parent: false), rule.Message));
                return;
            }
        }
    }

    private void PushField(MessageRulePlan plan, FieldRulePlan fieldPlan, IMessage message)
    {
        var field = fieldPlan.Field;
        switch (plan.Shape)
        {
            case MessageShape.RoleUnion:
                _location.Add(new Segment(field.Name, false));
                break;
            case MessageShape.TypeUnion:
                // Every field of a variant stands under its tag, Pydantic's way: ["tool_calls", 0, "function", "id"],
                // and the payload under the key of the tag's name: [..., "function", "function", "name"].
                if (plan.TypeOneof?.CaseField(message) is { } variant)
                {
                    _location.Add(new Segment(variant.Name, false));
                }

                _location.Add(new Segment(field.Name, true));
                break;
            case MessageShape.StringOrList when field.FieldType == FieldType.String:
                _location.Add(new Segment(plan.StringMember!, false));
                break;
            case MessageShape.StringOrList:
                EnterUnion(plan.ListMember!, message, plan.StringMember!, plan.StringMemberProblem!);
                break;
            case MessageShape.StringOrObject when field.FieldType == FieldType.Enum:
                _location.Add(new Segment(plan.StringMember!, false));
                break;
            case MessageShape.StringOrObject:
                EnterUnion(plan.ObjectMember!, message, plan.StringMember!, plan.StringMemberProblem!);
                if (plan.ObjectMemberIsTagged)
                {
                    _location.Add(new Segment(field.Name, false));
                    _location.Add(new Segment(field.Name, true));
                }

                break;
            case MessageShape.ListWrapper:
                break;
            default:
                _location.Add(new Segment(field.Name, true));
                if (JsonShapes.IsStringOrList(field))
                {
                    EnterUnion(JsonShapes.StopListMember, ((FieldReader<IList>)fieldPlan.Reader!).Get(message), JsonShapes.StringMember, static (location, input) => PydanticErrors.StringType(location, input));
                }

                break;
        }
    }

    private void EnterUnion(string member, object unionValue, string stringMember, Func<IReadOnlyList<object>, JsonElement, ValidationProblem> stringMemberProblem)
    {
        _unions.Add(new UnionFrame(_location.Count, unionValue, stringMember, stringMemberProblem));
        _location.Add(new Segment(member, false));
    }

    private void VisitField(IMessage message, FieldRulePlan plan)
    {
        var field = plan.Field;
        var reader = plan.Reader!;
        if (field.IsMap)
        {
            VisitMap(((FieldReader<IDictionary>)reader).Get(message), plan);
        }
        else if (field.IsRepeated)
        {
            VisitList(((FieldReader<IList>)reader).Get(message), plan);
        }
        else
        {
            if (!reader.IsSet(message))
            {
                if (plan.Required)
                {
                    Add(PydanticErrors.Missing(Location(), ResolveInput(message, parent: true)));
                }

                if (field.HasPresence || plan.IgnoreIfZero || plan.Required)
                {
                    return;
                }
            }

            if (reader is FieldReader<IMessage?> messageReader)
            {
                // Set, so not null: a message field has presence, and an unset one returned above.
                if (plan.Message is { HasRules: true } childPlan)
                {
                    VisitMessage(messageReader.Get(message)!, childPlan);
                }
            }
            else
            {
                CheckField(plan, reader, message);
            }
        }
    }

    private void VisitList(IList list, FieldRulePlan plan)
    {
        // Proto3 cannot tell an empty list from an absent one, so IGNORE_IF_ZERO_VALUE skips both; but a JSON body
        // that says `"functions": []` asked for an empty list, and the rules apply to it as Pydantic's would.
        if (list.Count == 0 && plan.IgnoreIfZero && !IsPresentInSource())
        {
            return;
        }

        if (plan.Rules?.Repeated is { } rules)
        {
            if (rules.HasMinItems && (ulong)list.Count < rules.MinItems)
            {
                Add(PydanticErrors.TooShort(Location(), ResolveInput(list, parent: false), "List", (long)rules.MinItems, list.Count));
            }

            if (rules.HasMaxItems && (ulong)list.Count > rules.MaxItems)
            {
                // Pydantic checks a list's length before its items, and judges no item of a list too long.
                Add(PydanticErrors.TooLong(Location(), ResolveInput(list, parent: false), "List", (long)rules.MaxItems, list.Count));
                return;
            }
        }

        for (var i = 0; i < list.Count; i++)
        {
            var item = list[i]!;
            _location.Add(new Segment(i));
            if (plan.Items is { } itemPlan)
            {
                CheckValue(itemPlan, item);
            }

            if (item is IMessage child && plan.Message is { HasRules: true } childPlan)
            {
                VisitMessage(child, childPlan);
            }

            _location.RemoveAt(_location.Count - 1);
        }
    }

    private void VisitMap(IDictionary map, FieldRulePlan plan)
    {
        // No supported map rule can fail on an empty map (there is no min_pairs), and enumerating one allocates.
        if (map.Count == 0)
        {
            return;
        }

        var problemCount = _problems.Count;
        foreach (DictionaryEntry entry in map)
        {
            _location.Add(new Segment(entry.Key, true));
            if (plan.Keys is { } keyPlan)
            {
                _location.Add(new Segment(JsonShapes.MapKeySegment, false));
                CheckValue(keyPlan, entry.Key, isMapKey: true);
                _location.RemoveAt(_location.Count - 1);
            }

            if (plan.Items is { } valuePlan)
            {
                CheckValue(valuePlan, entry.Value!);
            }

            if (entry.Value is IMessage child && plan.Message is { HasRules: true } childPlan)
            {
                VisitMessage(child, childPlan);
            }

            _location.RemoveAt(_location.Count - 1);
        }

        // Unlike a list's, a dict's length is checked after its entries, and only when they are all valid.
        if (plan.Rules?.Map is { HasMaxPairs: true } rules && (ulong)map.Count > rules.MaxPairs && _problems.Count == problemCount)
        {
            Add(PydanticErrors.TooLong(Location(), ResolveInput(map, parent: false), "Dictionary", (long)rules.MaxPairs, map.Count));
        }
    }

    /// <summary>The rules of a singular scalar field, on its value read unboxed.</summary>
    private void CheckField(FieldRulePlan plan, FieldReader reader, IMessage message)
    {
        var rules = plan.Rules;
        switch (rules?.TypeCase)
        {
            case FieldRules.TypeOneofCase.String:
                CheckString(plan, rules.String, ((FieldReader<string>)reader).Get(message), isMapKey: false);
                break;
            case FieldRules.TypeOneofCase.Double:
                CheckDouble(rules.Double, ((FieldReader<double>)reader).Get(message), isMapKey: false);
                break;
            case FieldRules.TypeOneofCase.Int64:
                CheckInt64(rules.Int64, ((FieldReader<long>)reader).Get(message), isMapKey: false);
                break;
            case FieldRules.TypeOneofCase.Enum:
                CheckEnum(plan, rules.Enum, ((FieldReader<int>)reader).Get(message), isMapKey: false);
                break;
        }
    }

    /// <summary>The rules of a list item, map key or map value, which their collections hand out as objects.</summary>
    /// <param name="isMapKey">A key is quoted as itself: in the document it is a name, not a value to navigate to.</param>
    private void CheckValue(FieldRulePlan plan, object value, bool isMapKey = false)
    {
        var rules = plan.Rules;
        switch (rules?.TypeCase)
        {
            case FieldRules.TypeOneofCase.String:
                CheckString(plan, rules.String, (string)value, isMapKey);
                break;
            case FieldRules.TypeOneofCase.Double:
                CheckDouble(rules.Double, (double)value, isMapKey);
                break;
            case FieldRules.TypeOneofCase.Int64:
                CheckInt64(rules.Int64, (long)value, isMapKey);
                break;
            case FieldRules.TypeOneofCase.Enum:
                CheckEnum(plan, rules.Enum, Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture), isMapKey);
                break;
        }
    }

    private void CheckDouble(DoubleRules rules, double number, bool isMapKey)
    {
        // pydantic-core checks le before ge: only NaN, which fails both, tells the order apart.
        if (rules.HasLte && !(number <= rules.Lte))
        {
            Add(PydanticErrors.LessThanEqual(Location(), InputOf(number, isMapKey), rules.Lte));
        }
        else if (rules.HasGte && !(number >= rules.Gte))
        {
            Add(PydanticErrors.GreaterThanEqual(Location(), InputOf(number, isMapKey), rules.Gte));
        }
    }

    private void CheckInt64(Int64Rules rules, long integer, bool isMapKey)
    {
        if (rules.HasGte && integer < rules.Gte)
        {
            Add(PydanticErrors.GreaterThanEqual(Location(), InputOf(integer, isMapKey), rules.Gte));
        }
        else if (rules.HasLte && integer > rules.Lte)
        {
            Add(PydanticErrors.LessThanEqual(Location(), InputOf(integer, isMapKey), rules.Lte));
        }
    }

    private void CheckEnum(FieldRulePlan plan, EnumRules rules, int number, bool isMapKey)
    {
        var enumType = plan.Field.EnumType;
        if ((rules.DefinedOnly && enumType.FindValueByNumber(number) is null) || rules.NotIn.Contains(number))
        {
            // Quoted as the enum value the proto holds, as FieldAccessor would have returned it.
            Add(PydanticErrors.LiteralError(Location(), InputOf(Enum.ToObject(enumType.ClrType, number), isMapKey), EnumLiteralTables.For(enumType).Literals));
        }
    }

    /// <summary>One problem per value, the first constraint that fails, in Pydantic's order: length, then pattern, then literals.</summary>
    private void CheckString(FieldRulePlan plan, StringRules rules, string text, bool isMapKey)
    {
        if (rules.HasMinLen || rules.HasMaxLen)
        {
            var length = CountCharacters(text);
            if (rules.HasMinLen && (ulong)length < rules.MinLen)
            {
                Add(PydanticErrors.StringTooShort(Location(), InputOf(text, isMapKey), (long)rules.MinLen));
                return;
            }

            if (rules.HasMaxLen && (ulong)length > rules.MaxLen)
            {
                Add(PydanticErrors.StringTooLong(Location(), InputOf(text, isMapKey), (long)rules.MaxLen));
                return;
            }
        }

        if (plan.Pattern is { } pattern && !pattern.IsMatch(text))
        {
            Add(PydanticErrors.StringPatternMismatch(Location(), InputOf(text, isMapKey), rules.Pattern));
            return;
        }

        if (rules.In.Count > 0 && !rules.In.Contains(text))
        {
            Add(PydanticErrors.LiteralError(Location(), InputOf(text, isMapKey), rules.In));
        }
    }

    private JsonElement InputOf(object value, bool isMapKey) =>
        isMapKey ? JsonSerializer.SerializeToElement((string)value) : ResolveInput(value, parent: false);

    /// <summary>Characters as Python counts them: code points, not UTF-16 units.</summary>
    private static int CountCharacters(string text)
    {
        var count = text.Length;
        foreach (var c in text)
        {
            if (char.IsLowSurrogate(c))
            {
                count--;
            }
        }

        return count;
    }

    private void Add(ValidationProblem problem)
    {
        if (_problems.Count >= ValidationLimits.MaxProblems)
        {
            return;
        }

        foreach (ref var union in CollectionsMarshal.AsSpan(_unions))
        {
            if (!union.Reported)
            {
                union.Reported = true;
                var location = new object[union.Depth + 1];
                for (var i = 0; i < union.Depth; i++)
                {
                    location[i] = _location[i].Value;
                }

                location[union.Depth] = union.StringMember;
                _problems.Add(union.StringMemberProblem(location, ResolveInput(union.Value, parent: false, depth: union.Depth)));
            }
        }

        _problems.Add(problem);
    }

    private object[] Location()
    {
        var location = new object[_location.Count];
        for (var i = 0; i < location.Length; i++)
        {
            location[i] = _location[i].Value;
        }

        return location;
    }

    /// <summary>
    /// The value at the current location (or its parent object) as sent. From the source JSON when there is one
    /// and the location leads somewhere in it; otherwise the proto value in JSON.
    /// </summary>
    private JsonElement ResolveInput(object protoValue, bool parent, int? depth = null)
    {
        if (_source is { } root && TryNavigate(root, parent, depth ?? _location.Count, out var found))
        {
            return found.Clone();
        }

        return ToJson(protoValue);
    }

    private bool IsPresentInSource() =>
        _source is { } root && TryNavigate(root, parent: false, _location.Count, out var found) && found.ValueKind == JsonValueKind.Array;

    private bool TryNavigate(JsonElement root, bool parent, int depth, out JsonElement found)
    {
        var last = depth;
        if (parent)
        {
            // The parent object of a missing key: stop before the key's own step.
            last = _location.FindLastIndex(depth - 1, depth, static s => s.Navigates);
            if (last < 0)
            {
                last = 0;
            }
        }

        found = root;
        for (var i = 0; i < last; i++)
        {
            var segment = _location[i];
            if (!segment.Navigates)
            {
                continue;
            }

            if (segment.Key is null)
            {
                var index = segment.Index;
                if (found.ValueKind != JsonValueKind.Array || index >= found.GetArrayLength())
                {
                    return false;
                }

                found = found[index];
            }
            else if (found.ValueKind != JsonValueKind.Object || !TryGetLastProperty(found, (string)segment.Key, out found))
            {
                return false;
            }
        }

        return true;
    }

    // Python's json keeps the last of duplicate keys; so does the reader.
    private static bool TryGetLastProperty(JsonElement element, string name, out JsonElement value)
    {
        var found = false;
        value = default;
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals(name))
            {
                value = property.Value;
                found = true;
            }
        }

        return found;
    }

    /// <summary>A proto value as JSON, for gRPC requests, which have no JSON of their own to quote.</summary>
    private static JsonElement ToJson(object value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer, value);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void WriteJson(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case string text:
                writer.WriteStringValue(text);
                break;
            case long integer:
                writer.WriteNumberValue(integer);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case Enum enumValue:
                writer.WriteNumberValue(Convert.ToInt32(enumValue, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case IMessage message:
                WriteProtoJson(writer, message);
                break;
            case IDictionary map:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    writer.WritePropertyName((string)entry.Key);
                    WriteJson(writer, entry.Value!);
                }

                writer.WriteEndObject();
                break;
            case IList list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteJson(writer, item!);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }

    private static void WriteProtoJson(Utf8JsonWriter writer, IMessage message)
    {
        string json;
        try
        {
            json = ProtoJson.Format(message);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
        {
            // Not every proto value has a JSON form (a google.protobuf.Value with no kind); the problem still stands.
            json = "null";
        }

        writer.WriteRawValue(json);
    }

    /// <summary>
    /// A step of the location: a name or map key, or a list index, kept unboxed until a problem's location is built.
    /// </summary>
    private readonly struct Segment
    {
        public Segment(object key, bool navigates)
        {
            Key = key;
            Navigates = navigates;
        }

        public Segment(int index)
        {
            Index = index;
            Navigates = true;
        }

        /// <summary>A field, member or tag name, or a map key; null for a list index.</summary>
        public object? Key { get; }

        public int Index { get; }

        public bool Navigates { get; }

        /// <summary>The segment as a problem's location holds it.</summary>
        public object Value => Key ?? Index;
    }

    // A struct in a list the walk reuses, so entering a union allocates nothing; Reported is set through the list's span.
    private struct UnionFrame(int depth, object value, string stringMember, Func<IReadOnlyList<object>, JsonElement, ValidationProblem> stringMemberProblem)
    {
        public readonly int Depth { get; } = depth;

        public readonly string StringMember { get; } = stringMember;

        public readonly object Value { get; } = value;

        public readonly Func<IReadOnlyList<object>, JsonElement, ValidationProblem> StringMemberProblem { get; } = stringMemberProblem;

        public bool Reported { get; set; }
    }
}
