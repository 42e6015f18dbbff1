using System.Buffers;
using Grpc.Core;

namespace ChatGrpc.Server.Grpc;

/// <summary>A request message already read, handed to a generated marshaller's deserializer as grpc-dotnet would hand it.</summary>
internal sealed class SequenceDeserializationContext(ReadOnlySequence<byte> payload) : DeserializationContext
{
    public override int PayloadLength => checked((int)payload.Length);

    public override byte[] PayloadAsNewBuffer() => payload.ToArray();

    public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => payload;
}
