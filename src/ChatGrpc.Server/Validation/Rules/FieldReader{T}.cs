using Google.Protobuf;

namespace ChatGrpc.Server.Validation.Rules;

/// <summary>Reads a field as a <typeparamref name="T"/>: a scalar unboxed, a message, list or map as the instance the message holds.</summary>
internal sealed class FieldReader<T>(Func<IMessage, T> get, Func<IMessage, bool>? has, Func<T, bool> isZero) : FieldReader
{
    public T Get(IMessage message) => get(message);

    public override bool IsSet(IMessage message) => has is not null ? has(message) : !isZero(get(message));
}
