using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.Validation.Rules;

/// <summary>The rules of one message type, compiled from its buf.validate options.</summary>
internal sealed class MessageRulePlan
{
    public MessageRulePlan(MessageDescriptor descriptor)
    {
        Descriptor = descriptor;
        Shape = JsonShapes.ShapeOf(descriptor);
        TypeOneof = descriptor.Oneofs.FirstOrDefault(static oneof => !oneof.IsSynthetic && oneof.Name == "type") is { } typeOneof ? new OneofReader(typeOneof) : null;
        switch (Shape)
        {
            case MessageShape.StringOrList:
                ListMember = JsonShapes.ListMemberOf(descriptor);
                StringMember = JsonShapes.StringMember;
                StringMemberProblem = static (location, input) => PydanticErrors.StringType(location, input);
                break;
            case MessageShape.StringOrObject:
                var literals = EnumLiteralTables.For(JsonShapes.StringCaseOf(descriptor).EnumType).Literals;
                StringMemberProblem = (location, input) => PydanticErrors.LiteralError(location, input, literals);
                StringMember = JsonShapes.StringMemberOf(descriptor);
                ObjectMember = JsonShapes.ObjectMemberOf(descriptor);
                ObjectMemberIsTagged = JsonShapes.ObjectMemberIsTagged(descriptor);
                break;
        }
    }

    public MessageDescriptor Descriptor { get; }

    public MessageShape Shape { get; }

    /// <summary>The <c>oneof type</c> of a <see cref="MessageShape.TypeUnion"/>, whose case is the tag in a location.</summary>
    public OneofReader? TypeOneof { get; }

    /// <summary>The list member's name of a <see cref="MessageShape.StringOrList"/>.</summary>
    public string? ListMember { get; }

    /// <summary>The string member's name of a union with one (<c>str</c>, <c>literal['none','auto']</c>).</summary>
    public string? StringMember { get; }

    /// <summary>The object member's name of a <see cref="MessageShape.StringOrObject"/>.</summary>
    public string? ObjectMember { get; }

    /// <summary>For a union with a string member: the problem that member reports when another member failed.</summary>
    public Func<IReadOnlyList<object>, System.Text.Json.JsonElement, ValidationProblem>? StringMemberProblem { get; }

    /// <summary>For a <see cref="MessageShape.StringOrObject"/>: whether its object form is discriminated by <c>type</c>.</summary>
    public bool ObjectMemberIsTagged { get; }

    /// <summary>Fields that carry rules or lead to messages that do, in declaration (schema) order.</summary>
    public List<FieldRulePlan> Fields { get; } = [];

    /// <summary>Oneofs that must have a case set.</summary>
    public List<OneofReader> RequiredOneofs { get; } = [];

    /// <summary>Rules across fields, from <c>(buf.validate.message).cel</c>.</summary>
    public List<CrossFieldRule> CrossFieldRules { get; } = [];

    /// <summary>Whether anything in this message or below it needs checking.</summary>
    public bool HasRules => Fields.Count > 0 || RequiredOneofs.Count > 0 || CrossFieldRules.Count > 0;
}
