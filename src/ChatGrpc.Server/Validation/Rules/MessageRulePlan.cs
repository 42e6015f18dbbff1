using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.Validation.Rules;

/// <summary>The rules of one message type, compiled from its buf.validate options.</summary>
internal sealed class MessageRulePlan
{
    public MessageRulePlan(MessageDescriptor descriptor)
    {
        Descriptor = descriptor;
        Shape = JsonShapes.ShapeOf(descriptor);
    }

    public MessageDescriptor Descriptor { get; }

    public MessageShape Shape { get; }

    /// <summary>Fields that carry rules or lead to messages that do, in field-number (schema) order.</summary>
    public List<FieldRulePlan> Fields { get; } = [];

    /// <summary>Oneofs that must have a case set.</summary>
    public List<OneofDescriptor> RequiredOneofs { get; } = [];

    /// <summary>Rules across fields, from <c>(buf.validate.message).cel</c>.</summary>
    public List<CrossFieldRule> CrossFieldRules { get; } = [];

    /// <summary>Whether anything in this message or below it needs checking.</summary>
    public bool HasRules => Fields.Count > 0 || RequiredOneofs.Count > 0 || CrossFieldRules.Count > 0;
}
