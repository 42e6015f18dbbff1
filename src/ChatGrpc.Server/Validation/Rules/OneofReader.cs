using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.Validation.Rules;

/// <summary>Reads which case of a oneof is set, through its generated <c>…Case</c> property.</summary>
internal sealed class OneofReader
{
    private readonly Func<IMessage, int> _caseOf;

    // Case number to field; oneof cases are few and numbered low, so an array does.
    private readonly FieldDescriptor?[] _fields;

    public OneofReader(OneofDescriptor oneof)
    {
        Oneof = oneof;
        _caseOf = GeneratedProperties.EnumNumberGetter(oneof.ContainingType, GeneratedProperties.CasePropertyOf(oneof));
        _fields = new FieldDescriptor?[oneof.Fields.Max(static field => field.FieldNumber) + 1];
        foreach (var field in oneof.Fields)
        {
            _fields[field.FieldNumber] = field;
        }
    }

    public OneofDescriptor Oneof { get; }

    /// <summary>The number of the field set, 0 for none.</summary>
    public int CaseOf(IMessage message) => _caseOf(message);

    /// <summary>The field set, null for none.</summary>
    public FieldDescriptor? CaseField(IMessage message) => _fields[_caseOf(message)];
}
