using Google.Protobuf;

namespace ChatGrpc.Server.Validation.Rules;

/// <summary>
/// Reads one field of a message through its generated property; <see cref="FieldReader{T}"/> has the value itself.
/// Built by <see cref="FieldReaders"/> when the plans are compiled.
/// </summary>
internal abstract class FieldReader
{
    /// <summary>Whether the field is set: present where it has presence, non-zero where it has none.</summary>
    public abstract bool IsSet(IMessage message);
}
