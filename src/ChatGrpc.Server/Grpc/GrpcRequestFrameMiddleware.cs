using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Reflection;
using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Server.Grpc;

/// <summary>
/// Reads a signed-in caller's gRPC request frame before grpc-dotnet does, and answers the frames grpc-dotnet would
/// turn into <c>UNKNOWN</c> "Exception was thrown by handler." with a stack trace in the log: a length past
/// <see cref="GrpcServiceOptions.MaxReceiveMessageSize"/> gets <c>RESOURCE_EXHAUSTED</c> (without reading it), a
/// compressed flag that is neither 0 nor 1 and bytes that are not the request message get <c>INTERNAL</c>. Each is
/// recorded as the failure it is and logged once, by the call's own line. A well-formed frame is handed on as it came.
/// </summary>
/// <remarks>
/// Only the single request message of unary and server-streaming calls is checked; the message is parsed here once
/// more than grpc-dotnet parses it, which costs microseconds next to a call through an upstream. Compressed frames
/// (flag 1) are left to grpc-dotnet, which reads the encoding itself.
/// </remarks>
internal sealed class GrpcRequestFrameMiddleware(RequestDelegate next, IOptions<GrpcServiceOptions> options)
{
    private const int HeaderLength = 5;

    private static readonly ConcurrentDictionary<IMethod, Func<DeserializationContext, object>?> s_deserializers = new();

    private readonly int _maxMessageBytes = options.Value.MaxReceiveMessageSize ?? int.MaxValue;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not { } method
            || method.Method.Type is not (MethodType.Unary or MethodType.ServerStreaming)
            || Transports.Of(context) != CallTransport.Grpc
            || context.User.Identity?.IsAuthenticated != true
            || DeserializerOf(method.Method) is not { } deserialize)
        {
            await next(context);
            return;
        }

        var reader = context.Request.BodyReader;
        ReadResult header;
        try
        {
            header = await reader.ReadAtLeastAsync(HeaderLength, context.RequestAborted);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // The client left, or broke its own framing: nothing to answer, and grpc-dotnet would see the same.
            return;
        }

        if (header.Buffer.Length < HeaderLength)
        {
            // An empty or short body: grpc-dotnet answers it with its own status.
            reader.AdvanceTo(header.Buffer.Start);
            await next(context);
            return;
        }

        Span<byte> prefix = stackalloc byte[HeaderLength];
        header.Buffer.Slice(0, HeaderLength).CopyTo(prefix);
        var flag = prefix[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]);
        if (flag > 1)
        {
            reader.AdvanceTo(header.Buffer.End);
            await RefuseAsync(context, ChatErrorKind.UnreadableMessage, "Unexpected compressed flag value in message header.");
            return;
        }

        if (length > (uint)_maxMessageBytes)
        {
            reader.AdvanceTo(header.Buffer.End);
            await RefuseAsync(context, ChatErrorKind.RequestTooLarge, "Received message exceeds the maximum configured message size.");
            return;
        }

        if (flag == 1)
        {
            reader.AdvanceTo(header.Buffer.Start);
            await next(context);
            return;
        }

        reader.AdvanceTo(header.Buffer.Start, header.Buffer.End);
        ReadResult whole;
        try
        {
            whole = await reader.ReadAtLeastAsync(HeaderLength + (int)length, context.RequestAborted);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or BadHttpRequestException)
        {
            return;
        }

        if (whole.Buffer.Length >= HeaderLength + length && !IsMessage(deserialize, whole.Buffer.Slice(HeaderLength, length)))
        {
            reader.AdvanceTo(whole.Buffer.End);
            await RefuseAsync(context, ChatErrorKind.UnreadableMessage, "Failed to deserialize request message.");
            return;
        }

        // Unread: grpc-dotnet reads the same bytes from the same reader (and answers a truncated frame itself).
        reader.AdvanceTo(whole.Buffer.Start);
        await next(context);
    }

    private static bool IsMessage(Func<DeserializationContext, object> deserialize, ReadOnlySequence<byte> message)
    {
        try
        {
            deserialize(new SequenceDeserializationContext(message));
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }

    private static Task RefuseAsync(HttpContext context, ChatErrorKind kind, string message) =>
        GrpcErrorRenderer.WriteTrailersOnlyAsync(context, new ChatCompletionException(kind, message));

    /// <summary>The request marshaller's deserializer of a generated method (<c>Method&lt;TRequest, TResponse&gt;</c>), found once per method.</summary>
    private static Func<DeserializationContext, object>? DeserializerOf(IMethod method) => s_deserializers.GetOrAdd(method, static method =>
    {
        var marshaller = method.GetType().GetProperty("RequestMarshaller", BindingFlags.Public | BindingFlags.Instance)?.GetValue(method);
        var deserializer = marshaller?.GetType().GetProperty("ContextualDeserializer", BindingFlags.Public | BindingFlags.Instance)?.GetValue(marshaller) as Delegate;
        var requestType = deserializer?.GetType().GetGenericArguments() is [_, var result] ? result : null;
        return requestType is null
            ? null
            : (Func<DeserializationContext, object>)typeof(GrpcRequestFrameMiddleware).GetMethod(nameof(Untyped), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(requestType).Invoke(null, [deserializer])!;
    });

    private static Func<DeserializationContext, object> Untyped<T>(Func<DeserializationContext, T> deserialize) => context => deserialize(context)!;
}
