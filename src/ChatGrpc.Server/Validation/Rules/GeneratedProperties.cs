using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.Validation.Rules;

/// <summary>
/// Delegates bound once, when the plans are compiled, to the properties protoc generated for a message type.
/// <see cref="Google.Protobuf.Reflection.IFieldAccessor.GetValue(Google.Protobuf.IMessage)"/> returns <see cref="object"/>, so each scalar it reads is boxed; these read
/// a value as its own type, so a request that breaks no rule is walked without allocating.
/// </summary>
internal static class GeneratedProperties
{
    private static readonly MethodInfo BindMethod = typeof(GeneratedProperties).GetMethod(nameof(Bind), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo BindEnumMethod = typeof(GeneratedProperties).GetMethod(nameof(BindEnum), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Reads the property <paramref name="name"/> of <paramref name="type"/>'s generated class as a <typeparamref name="T"/>.</summary>
    public static Func<IMessage, T> Getter<T>(MessageDescriptor type, string name)
    {
        var property = PropertyOf(type, name);
        if (property.PropertyType != typeof(T) && (property.PropertyType.IsValueType || !typeof(T).IsAssignableFrom(property.PropertyType)))
        {
            throw new NotSupportedException($"{type.FullName}: {type.ClrType}.{name} is a {property.PropertyType}, not a {typeof(T)}.");
        }

        return (Func<IMessage, T>)BindMethod.MakeGenericMethod(type.ClrType, typeof(T)).Invoke(null, [property.GetMethod!])!;
    }

    /// <summary>Reads an enum property (an enum field, or a oneof's case) as its number.</summary>
    public static Func<IMessage, int> EnumNumberGetter(MessageDescriptor type, string name)
    {
        var property = PropertyOf(type, name);
        if (!property.PropertyType.IsEnum || Enum.GetUnderlyingType(property.PropertyType) != typeof(int))
        {
            throw new NotSupportedException($"{type.FullName}: {type.ClrType}.{name} is a {property.PropertyType}, not an enum.");
        }

        return (Func<IMessage, int>)BindEnumMethod.MakeGenericMethod(type.ClrType, property.PropertyType).Invoke(null, [property.GetMethod!])!;
    }

    /// <summary>The generated name of a oneof's case property: <c>allowed_tools</c> becomes <c>AllowedToolsCase</c>.</summary>
    public static string CasePropertyOf(OneofDescriptor oneof)
    {
        // protoc's UnderscoresToPascalCase: underscores dropped, the letter after one (or after a digit) capitalised.
        var name = new StringBuilder(oneof.Name.Length + 4);
        var capitalise = true;
        foreach (var c in oneof.Name)
        {
            if (c == '_')
            {
                capitalise = true;
                continue;
            }

            name.Append(capitalise ? char.ToUpperInvariant(c) : c);
            capitalise = char.IsAsciiDigit(c);
        }

        return name.Append("Case").ToString();
    }

    private static PropertyInfo PropertyOf(MessageDescriptor type, string name) =>
        type.ClrType?.GetProperty(name, BindingFlags.Public | BindingFlags.Instance) is { GetMethod: not null } property
            ? property
            : throw new NotSupportedException($"{type.FullName}: its generated class {type.ClrType} has no readable property {name}.");

    private static Func<IMessage, T> Bind<TMessage, T>(MethodInfo getter)
        where TMessage : IMessage
    {
        // A getter of a class returns its instance as T (a child message as IMessage, a RepeatedField as IList) unconverted.
        var get = getter.CreateDelegate<Func<TMessage, T>>();
        return message => get((TMessage)message);
    }

    private static Func<IMessage, int> BindEnum<TMessage, TEnum>(MethodInfo getter)
        where TMessage : IMessage
        where TEnum : struct, Enum
    {
        var get = getter.CreateDelegate<Func<TMessage, TEnum>>();
        return message => Unsafe.BitCast<TEnum, int>(get((TMessage)message));
    }
}
