using System.Text.Json;
using ChatGrpc.V1;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.Validation;

/// <summary>
/// Puts problems in the order Pydantic reports them: the order of the schema (chat.proto's declaration
/// order, which follows request.md), depth first, list items by index, map entries as the body has them, a
/// union's string member before its others, and a rule about a whole object after the problems of its fields.
/// </summary>
internal static class ValidationProblemOrder
{
    /// <summary>Sorts problems; map entries keep the order they are in (already the document's, or the proto map's).</summary>
    public static void Sort(List<ValidationProblem> problems) => Sort(problems, null);

    /// <param name="source">The body the problems were found in: a map entry ranks by its key's first position there, as a Python dict keeps it.</param>
    public static void Sort(List<ValidationProblem> problems, JsonElement? source)
    {
        if (problems.Count < 2)
        {
            return;
        }

        var keyed = new (Rank[] Key, int Index, ValidationProblem Problem)[problems.Count];
        for (var i = 0; i < problems.Count; i++)
        {
            keyed[i] = (RankOf(problems[i].Location, source), i, problems[i]);
        }

        Array.Sort(keyed, static (a, b) =>
        {
            var byKey = Compare(a.Key, b.Key);
            return byKey != 0 ? byKey : a.Index.CompareTo(b.Index);
        });

        for (var i = 0; i < keyed.Length; i++)
        {
            problems[i] = keyed[i].Problem;
        }
    }

    private static int Compare(Rank[] a, Rank[] b)
    {
        var common = Math.Min(a.Length, b.Length);
        for (var i = 0; i < common; i++)
        {
            if (a[i].Unordered && b[i].Unordered)
            {
                // Entries of one map whose body is not at hand: their order of discovery is the map's.
                return 0;
            }

            var byNumber = a[i].Number.CompareTo(b[i].Number);
            if (byNumber != 0)
            {
                return byNumber;
            }

            var byName = string.CompareOrdinal(a[i].Name, b[i].Name);
            if (byName != 0)
            {
                return byName;
            }
        }

        // A problem of a whole object (a rule across its fields) comes after those of its fields.
        return b.Length.CompareTo(a.Length);
    }

    /// <summary>Walks a location through the schema, ranking each segment where it stands there.</summary>
    private static Rank[] RankOf(IReadOnlyList<object> location, JsonElement? source)
    {
        var ranks = new Rank[location.Count];
        Node node = Node.ForMessage(CreateChatCompletionRequest.Descriptor);
        var json = source ?? default;
        for (var i = 0; i < location.Count; i++)
        {
            if (node.Kind == NodeKind.Map && location[i] is string key && json.ValueKind == JsonValueKind.Object)
            {
                (ranks[i], node) = (new Rank(PositionOf(json, key), null), new Node(NodeKind.MapValue, Field: node.Field));
            }
            else
            {
                (ranks[i], node) = node.Step(location[i]);
            }

            json = StepInto(json, location[i]);
        }

        return ranks;
    }

    /// <summary>The first position of a key in an object: where a Python dict keeps a repeated key.</summary>
    private static int PositionOf(JsonElement map, string key)
    {
        var position = 0;
        foreach (var property in map.EnumerateObject())
        {
            if (property.NameEquals(key))
            {
                return position;
            }

            position++;
        }

        return position;
    }

    /// <summary>Follows a location segment in the body where it leads somewhere; tags and member names lead nowhere and keep the place.</summary>
    private static JsonElement StepInto(JsonElement json, object segment)
    {
        switch (segment)
        {
            case int index when json.ValueKind == JsonValueKind.Array && index < json.GetArrayLength():
                return json[index];
            case string name when json.ValueKind == JsonValueKind.Object:
                JsonElement found = default;
                foreach (var property in json.EnumerateObject())
                {
                    if (property.NameEquals(name))
                    {
                        found = property.Value;
                    }
                }

                return found.ValueKind == JsonValueKind.Undefined ? json : found;
            default:
                return json;
        }
    }

    private readonly record struct Rank(long Number, string? Name, bool Unordered = false);

    /// <summary>Where a walk stands in the schema, and what the next segment may be.</summary>
    private sealed record Node(NodeKind Kind, MessageDescriptor? Message = null, FieldDescriptor? Field = null)
    {
        private static readonly Node Leaf = new(NodeKind.Leaf);

        public static Node ForMessage(MessageDescriptor message) => new(NodeKind.Message, message);

        public (Rank Rank, Node Next) Step(object segment)
        {
            if (segment is int index)
            {
                return Kind == NodeKind.List ? (new Rank(index, null), ForValueOf(Field!)) : (new Rank(index, null), Leaf);
            }

            var name = (string)segment;
            switch (Kind)
            {
                case NodeKind.Message:
                    return StepInMessage(name);
                case NodeKind.Variant:
                    // Under a tag: the payload key (named as the tag) or a sibling field of the variant.
                    if (name == Field!.Name)
                    {
                        return (new Rank(Field.Index, null), ForValueOf(Field));
                    }

                    return Message!.FindFieldByName(name) is { } sibling ? (new Rank(sibling.Index, null), ForFieldValue(sibling)) : Unknown();
                case NodeKind.TaggedObject:
                    return Message!.FindFieldByName(name) is { } tagged ? (new Rank(tagged.Index, null), new Node(NodeKind.Variant, Message, tagged)) : Unknown();
                case NodeKind.StringOrListField:
                    return name == JsonShapes.StringMember ? (new Rank(0, null), Leaf) : (new Rank(1, null), new Node(NodeKind.List, Field: Field));
                case NodeKind.Map:
                    // Without the body, map entries keep the order they were found in (the proto map's, which is the
                    // document's), each entry's problems together, its key's first.
                    return (new Rank(0, null, Unordered: true), new Node(NodeKind.MapValue, Field: Field));
                case NodeKind.MapValue:
                    return name == JsonShapes.MapKeySegment ? (new Rank(-1, null), Leaf) : StepValue(name);
                default:
                    return Unknown();
            }
        }

        private (Rank, Node) StepValue(string name)
        {
            var value = Field!.MessageType.FindFieldByNumber(2);
            return value.FieldType == FieldType.Message ? ForMessage(value.MessageType).Step(name) : Unknown();
        }

        private (Rank, Node) StepInMessage(string name)
        {
            var message = Message!;
            switch (JsonShapes.ShapeOf(message))
            {
                case MessageShape.StringOrList:
                    if (name == JsonShapes.StringMember)
                    {
                        return (new Rank(0, null), Leaf);
                    }

                    var parts = message.Fields.InDeclarationOrder().First(static f => f.FieldType == FieldType.Message);
                    var list = parts.MessageType.Fields.InDeclarationOrder()[0];
                    return (new Rank(1, null), new Node(NodeKind.List, Field: list));
                case MessageShape.StringOrObject:
                    if (name == JsonShapes.StringMemberOf(message))
                    {
                        return (new Rank(0, null), Leaf);
                    }

                    if (JsonShapes.ObjectMemberIsTagged(message))
                    {
                        return (new Rank(1, null), new Node(NodeKind.TaggedObject, message));
                    }

                    return (new Rank(1, null), ForMessage(JsonShapes.ObjectCases(message).First().MessageType));
            }

            if (message.FindFieldByName(name) is not { } field)
            {
                // The tag of an object with a single `type` value is its first field, as OpenAI's types declare it.
                return name == "type" && message.Oneofs.Any(static o => o.Name == "type") ? (new Rank(-1, null), Leaf) : Unknown();
            }

            var rank = new Rank(field.Index, null);
            return JsonShapes.ShapeOf(message) switch
            {
                MessageShape.RoleUnion => (rank, ForMessage(field.MessageType)),
                MessageShape.TypeUnion when field.RealContainingOneof is { Name: "type" } => (rank, new Node(NodeKind.Variant, message, field)),
                _ => (rank, ForFieldValue(field)),
            };
        }

        private static Node ForFieldValue(FieldDescriptor field)
        {
            if (JsonShapes.IsStringOrList(field))
            {
                return new Node(NodeKind.StringOrListField, Field: field);
            }

            if (field.IsMap)
            {
                return new Node(NodeKind.Map, Field: field);
            }

            return field.IsRepeated ? new Node(NodeKind.List, Field: field) : ForValueOf(field);
        }

        private static Node ForValueOf(FieldDescriptor field) =>
            field.FieldType == FieldType.Message && !field.IsMap ? ForMessage(field.MessageType) : Leaf;

        // Names the schema does not have (strict mode's extra keys) come after its fields, in the order found: the document's.
        private static (Rank, Node) Unknown() => (new Rank(long.MaxValue, null), Leaf);
    }

    private enum NodeKind
    {
        Message,
        List,
        Map,
        MapValue,
        Variant,
        TaggedObject,
        StringOrListField,
        Leaf,
    }
}
