using System.Collections;
using System.Text;
using ChatGrpc.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>
/// Turns a valid request into a hostile one through protobuf reflection, deterministically for a given
/// <see cref="Random"/>: random values of every field kind (extremes, NaN, undefined enum numbers, odd text),
/// cleared and switched oneofs, grown and emptied lists and maps; or random bytes, kept when they still parse.
/// </summary>
/// <param name="avoidKnownServerBugs">
/// Keeps clear of the inputs the server once failed on, which <see cref="GrpcHostileInputTests"/> now pins one by one
/// (they all pass; none is skipped): Struct values without a kind are made null and NaN or infinite ones 0, empty
/// Struct keys get a name, and map keys and copied list items stay few and short enough for the field violations to
/// fit in the client's 64 KiB of trailers. <see cref="GrpcFuzzTests"/> runs both ways, so the mutations this leaves
/// out are fuzzed too; this way keeps a run's failures to new ones.
/// </param>
internal sealed class ProtoMutator(Random random, bool avoidKnownServerBugs)
{
    private const int ShortKeyLength = 64;
    private const int FewCopies = 20;

    private static readonly string[] Strings =
    [
        "", " ", "chatgrpc-dev", "gpt-4o", "a", "get_weather", "notes", "sql", "with space", "é😀", "\0", "\u202e", "text", "audio", "x-y_z",
        "https://example.com/a.png", "{\"a\":1}", "123", "-1", "abc",
    ];

    private static readonly long[] Integers = [0, 1, -1, 2, 4, 5, 20, 21, 100, 101, -100, -101, 128, 129, long.MaxValue, long.MinValue, int.MaxValue, int.MinValue];

    private static readonly double[] Doubles =
    [
        0, -0.0, 0.5, 1, 1.0000001, 2, 2.0000001, -2, -2.0000001, 3, double.NaN, double.PositiveInfinity, double.NegativeInfinity,
        double.MaxValue, double.MinValue, double.Epsilon, 1e-300,
    ];

    public CreateChatCompletionRequest Mutate(CreateChatCompletionRequest seed)
    {
        var request = seed.Clone();
        for (int i = 0, count = random.Next(1, 4); i < count; i++)
        {
            MutateOneField(request);
        }

        if (random.Next(100) < 30 && FromRandomBytes(request) is { } parsed)
        {
            request = parsed;
        }

        if (avoidKnownServerBugs)
        {
            AvoidKnownServerBugs(request);
        }

        return request;
    }

    private static void AvoidKnownServerBugs(CreateChatCompletionRequest request)
    {
        var messages = new List<IMessage>();
        Collect(request, messages);
        foreach (var message in messages)
        {
            if (message is Value { KindCase: Value.KindOneofCase.None } value)
            {
                value.NullValue = NullValue.NullValue;
            }
            else if (message is Value { KindCase: Value.KindOneofCase.NumberValue } number && !double.IsFinite(number.NumberValue))
            {
                number.NumberValue = 0;
            }
            else if (message is Struct structure && structure.Fields.Remove("", out var unnamed))
            {
                structure.Fields["unnamed"] = unnamed;
            }
        }

        // Field violations quote map keys; a key one character over the limit is refused as surely as a long one.
        foreach (var key in request.Metadata.Keys.Where(k => k.Length > ShortKeyLength).ToList())
        {
            request.Metadata.Remove(key, out var value);
            request.Metadata[key[..ShortKeyLength] + "!"] = value;
        }

        foreach (var key in request.LogitBias.Keys.Where(k => k.Length > ShortKeyLength).ToList())
        {
            request.LogitBias.Remove(key, out var value);
            request.LogitBias[key[..ShortKeyLength]] = value;
        }
    }

    /// <summary>The request's bytes with some flipped, inserted or cut; null when they no longer parse.</summary>
    private CreateChatCompletionRequest? FromRandomBytes(CreateChatCompletionRequest request)
    {
        var bytes = new List<byte>(request.ToByteArray());
        for (int i = 0, count = random.Next(1, 4); i < count && bytes.Count > 0; i++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    var inserted = new byte[random.Next(1, 6)];
                    random.NextBytes(inserted);
                    bytes.InsertRange(at, inserted);
                    break;
                default:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 4), bytes.Count - at));
                    break;
            }
        }

        try
        {
            return CreateChatCompletionRequest.Parser.ParseFrom([.. bytes]);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private void MutateOneField(IMessage root)
    {
        var messages = new List<IMessage>();
        Collect(root, messages);
        var target = messages[random.Next(messages.Count)];
        var fields = target.Descriptor.Fields.InDeclarationOrder();
        if (fields.Count == 0)
        {
            return;
        }

        var field = fields[random.Next(fields.Count)];
        var accessor = field.Accessor;
        if (field.IsMap)
        {
            var map = (IDictionary)accessor.GetValue(target);
            var entry = field.MessageType.Fields.InFieldNumberOrder();
            if (random.Next(4) == 0)
            {
                map.Clear();
            }
            else
            {
                map[RandomValue(entry[0], messages)] = RandomValue(entry[1], messages);
            }
        }
        else if (field.IsRepeated)
        {
            var list = (IList)accessor.GetValue(target);
            switch (random.Next(4))
            {
                case 0:
                    list.Clear();
                    break;
                case 1 when list.Count > 0:
                    list.RemoveAt(random.Next(list.Count));
                    break;
                case 2 when list.Count > 0:
                    var item = list[random.Next(list.Count)]!;
                    for (int i = 0, copies = random.Next(1, avoidKnownServerBugs ? FewCopies : 130); i < copies; i++)
                    {
                        list.Add(item is IMessage message ? message.Descriptor.Parser.ParseFrom(message.ToByteString()) : item);
                    }

                    break;
                default:
                    list.Add(RandomValue(field, messages));
                    break;
            }
        }
        else if (random.Next(4) == 0)
        {
            accessor.Clear(target);
        }
        else
        {
            accessor.SetValue(target, RandomValue(field, messages));
        }
    }

    private object RandomValue(FieldDescriptor field, List<IMessage> existing)
    {
        switch (field.FieldType)
        {
            case FieldType.String:
                return random.Next(8) == 0 ? RandomText() : Strings[random.Next(Strings.Length)];
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                return random.Next(4) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : Integers[random.Next(Integers.Length)];
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                return (int)Math.Clamp(Integers[random.Next(Integers.Length)], int.MinValue, int.MaxValue);
            case FieldType.UInt64 or FieldType.Fixed64:
                return (ulong)random.NextInt64(0, long.MaxValue);
            case FieldType.UInt32 or FieldType.Fixed32:
                return (uint)random.Next();
            case FieldType.Double:
                return random.Next(4) == 0 ? (random.NextDouble() - 0.5) * 10 : Doubles[random.Next(Doubles.Length)];
            case FieldType.Float:
                return (float)Doubles[random.Next(Doubles.Length)];
            case FieldType.Bool:
                return random.Next(2) == 0;
            case FieldType.Enum:
                // Numbers past the last value are undefined: proto3 keeps them, so the server must refuse them.
                return System.Enum.ToObject(field.EnumType.ClrType, random.Next(-1, field.EnumType.Values.Count + 2));
            case FieldType.Bytes:
                var bytes = new byte[random.Next(8)];
                random.NextBytes(bytes);
                return ByteString.CopyFrom(bytes);
            default:
                // A message: empty, or a copy of one of the same type from elsewhere in the request.
                var sameType = existing.Where(m => m.Descriptor == field.MessageType).ToList();
                return sameType.Count > 0 && random.Next(2) == 0
                    ? field.MessageType.Parser.ParseFrom(sameType[random.Next(sameType.Count)].ToByteString())
                    : field.MessageType.Parser.ParseFrom(ByteString.Empty);
        }
    }

    private string RandomText()
    {
        var builder = new StringBuilder();
        for (int i = 0, length = random.Next(10) == 0 ? random.Next(1_000, 20_000) : random.Next(40); i < length; i++)
        {
            builder.Append(char.ConvertFromUtf32(random.Next(3) switch
            {
                0 => random.Next(0, 0x80),
                1 => random.Next(0x80, 0xD800),
                _ => random.Next(0x10000, 0x110000),
            }));
        }

        return builder.ToString();
    }

    private static void Collect(IMessage message, List<IMessage> messages)
    {
        messages.Add(message);
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (field.FieldType != FieldType.Message)
            {
                continue;
            }

            var value = field.Accessor.GetValue(message);
            switch (value)
            {
                case IDictionary map when field.IsMap:
                    foreach (var item in map.Values)
                    {
                        if (item is IMessage child)
                        {
                            Collect(child, messages);
                        }
                    }

                    break;
                case IList list:
                    foreach (var item in list)
                    {
                        Collect((IMessage)item!, messages);
                    }

                    break;
                case IMessage child:
                    Collect(child, messages);
                    break;
            }
        }
    }
}
