using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.Validation.Rules;

/// <summary>
/// Builds the <see cref="FieldReader"/> of a field, with the presence test Google.Protobuf's own accessor uses:
/// the oneof's case for a oneof member, non-null for a message, the generated <c>Has</c> property for another field
/// with presence, and a non-zero value for a field without.
/// </summary>
internal static class FieldReaders
{
    /// <param name="oneof">The reader of the field's real oneof, if it is in one.</param>
    public static FieldReader For(FieldDescriptor field, OneofReader? oneof)
    {
        var type = field.ContainingType;
        var name = field.PropertyName;
        if (field.IsMap)
        {
            return new FieldReader<IDictionary>(GeneratedProperties.Getter<IDictionary>(type, name), null, static map => map.Count == 0);
        }

        if (field.IsRepeated)
        {
            return new FieldReader<IList>(GeneratedProperties.Getter<IList>(type, name), null, static list => list.Count == 0);
        }

        Func<IMessage, bool>? has = null;
        if (oneof is not null)
        {
            var number = field.FieldNumber;
            has = message => oneof.CaseOf(message) == number;
        }
        else if (field.HasPresence && field.FieldType is not (FieldType.Message or FieldType.Group))
        {
            has = GeneratedProperties.Getter<bool>(type, "Has" + name);
        }

        // The zero tests are those the walk had when it read boxed values: a type not listed there counted as set.
        return field.FieldType switch
        {
            FieldType.Message or FieldType.Group => MessageReader(GeneratedProperties.Getter<IMessage?>(type, name), has),
            FieldType.String => new FieldReader<string>(GeneratedProperties.Getter<string>(type, name), has, static text => text.Length == 0),
            FieldType.Double => new FieldReader<double>(GeneratedProperties.Getter<double>(type, name), has, static number => number == 0),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => new FieldReader<long>(GeneratedProperties.Getter<long>(type, name), has, static integer => integer == 0),
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => new FieldReader<int>(GeneratedProperties.Getter<int>(type, name), has, static integer => integer == 0),
            FieldType.Enum => new FieldReader<int>(GeneratedProperties.EnumNumberGetter(type, name), has, static number => number == 0),
            FieldType.Bool => new FieldReader<bool>(GeneratedProperties.Getter<bool>(type, name), has, static flag => !flag),
            FieldType.Float => new FieldReader<float>(GeneratedProperties.Getter<float>(type, name), has, static _ => false),
            FieldType.UInt64 or FieldType.Fixed64 => new FieldReader<ulong>(GeneratedProperties.Getter<ulong>(type, name), has, static _ => false),
            FieldType.UInt32 or FieldType.Fixed32 => new FieldReader<uint>(GeneratedProperties.Getter<uint>(type, name), has, static _ => false),
            FieldType.Bytes => new FieldReader<ByteString>(GeneratedProperties.Getter<ByteString>(type, name), has, static _ => false),
            _ => throw new NotSupportedException($"{field.FullName}: fields of type {field.FieldType} are not supported."),
        };
    }

    private static FieldReader<IMessage?> MessageReader(Func<IMessage, IMessage?> get, Func<IMessage, bool>? has) =>
        new(get, has ?? (message => get(message) is not null), static _ => false);
}
