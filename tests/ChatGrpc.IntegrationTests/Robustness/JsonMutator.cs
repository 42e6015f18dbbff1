using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>
/// Turns a valid request body into a hostile one, deterministically for a given <see cref="Random"/>: first
/// mutations of the document (keys deleted, values swapped for other kinds, tags changed, subtrees moved,
/// keys duplicated, deep nesting), then, for some bodies, mutations of the bytes (truncation, random and
/// invalid UTF-8 bytes, flipped bits, tokens that are not JSON).
/// </summary>
internal sealed class JsonMutator(Random random)
{
    // Values JsonNode cannot hold are written as a quoted marker and swapped for the raw token afterwards.
    private const string RawMarker = "@@raw";

    private static readonly string[] RawTokens =
    [
        "NaN", "Infinity", "-Infinity", "\"\\u0000\"", "-0", "1E+2", "0.0e0", "1e-400", "\"\\uD83D\\uDE00\"",
        "\"\\ud800\"", "\"x\\udfff\\ud800y\"", "\"\\udc00\"",
    ];

    private static readonly string[] NumberTexts =
    [
        "0", "-1", "1", "2", "3.5", "-2.5", "128", "129", "4", "5", "100", "101", "-100", "-101", "20", "21", "1.0", "0.5",
        "1e308", "1e400", "-1e400", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "123456789012345678901234567890", "1e19", "4294967296", "2147483648",
    ];

    private static readonly string[] Strings =
    [
        "", " ", "a", "chatgrpc-dev", "gpt-4o", "3", "0.5", "1e400", "yes", "off", "true", "none", "auto", "required", "function",
        "custom", "text", "user", "assistant", "json_schema", "é😀", "\u0000", "\u202e\u200b", "' OR 1=1 --", "{\"a\":1}",
        "with space", "name-with_ok-chars", "https://example.com/x.png", "data:image/png;base64,AAAA", "wav", "mp3", "high", "lark",
    ];

    private static readonly string[] Tags =
    [
        "developer", "system", "user", "assistant", "tool", "function", "text", "image_url", "input_audio", "file", "refusal",
        "json_object", "json_schema", "custom", "allowed_tools", "grammar", "approximate", "content", "", "ROBOT", "User",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0x80], [0xC3, 0x28], [0xFF], [0xFE, 0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ];

    private static readonly string[] Tokens = ["NaN", "Infinity", "-Infinity", "undefined", "True", "None", "'x'", "// c\n", "/* c */", "0x10", "+1", ".5", "01"];

    private static readonly byte[] Structural = "{}[],:\"\\ \n0-e."u8.ToArray();

    /// <summary>A hostile variant of <paramref name="seed"/>.</summary>
    public byte[] Mutate(JsonNode seed)
    {
        var root = seed.DeepClone();
        var structural = random.Next(10) == 0 ? 0 : 1 + (random.Next(4) == 0 ? random.Next(1, 4) : 0);
        for (var i = 0; i < structural; i++)
        {
            root = MutateTree(root);
        }

        var body = Serialize(root);
        if (random.Next(100) < 30)
        {
            body = MutateBytes(body);
        }

        return body;
    }

    private JsonNode? MutateTree(JsonNode? root)
    {
        var slots = new List<Slot>();
        CollectSlots(null, null, -1, root, slots);
        var slot = slots[random.Next(slots.Count)];
        var replacement = slot.Value;
        switch (random.Next(11))
        {
            case 0 or 1:
                // Delete the key or the array item (the root itself becomes null).
                if (slot.Parent is JsonObject deleteFrom)
                {
                    deleteFrom.Remove(slot.Key!);
                    return root;
                }

                if (slot.Parent is JsonArray removeFrom)
                {
                    removeFrom.RemoveAt(slot.Index);
                    return root;
                }

                return null;
            case 2 or 3:
                replacement = RandomValue(0);
                break;
            case 4:
                replacement = slot.Key is "role" or "type" || random.Next(2) == 0 ? JsonValue.Create(Tags[random.Next(Tags.Length)]) : RandomValue(0);
                break;
            case 5:
                // A subtree from elsewhere in the document: plausible shapes in the wrong places reach deeper code.
                replacement = slots[random.Next(slots.Count)].Value?.DeepClone();
                break;
            case 6:
                replacement = Nested(random.Next(1, 120), slot.Value?.DeepClone());
                break;
            case 7 when slot.Value is JsonObject extendObject:
                extendObject[RandomKey(extendObject)] = RandomValue(0);
                return root;
            case 7 when slot.Value is JsonArray extendArray:
                var copies = random.Next(3) == 0 ? random.Next(4, 200) : 1;
                var item = extendArray.Count > 0 ? extendArray[random.Next(extendArray.Count)] : RandomValue(0);
                for (var i = 0; i < copies; i++)
                {
                    extendArray.Add(item?.DeepClone());
                }

                return root;
            case 8:
                replacement = JsonValue.Create(RandomString());
                break;
            case 9:
                replacement = JsonValue.Create(RawMarker + random.Next(RawTokens.Length) + "@@");
                break;
            default:
                // Wrap the value in a list or an object: right content, wrong shape.
                replacement = random.Next(2) == 0 ? new JsonArray(slot.Value?.DeepClone()) : new JsonObject { [slot.Key ?? "value"] = slot.Value?.DeepClone() };
                break;
        }

        switch (slot.Parent)
        {
            case JsonObject parentObject:
                parentObject[slot.Key!] = replacement;
                return root;
            case JsonArray parentArray:
                parentArray[slot.Index] = replacement;
                return root;
            default:
                return replacement;
        }
    }

    private JsonNode? RandomValue(int depth)
    {
        switch (random.Next(depth > 2 ? 7 : 10))
        {
            case 0:
                return null;
            case 1:
                return JsonValue.Create(random.Next(2) == 0);
            case 2 or 3:
                return JsonNode.Parse(NumberTexts[random.Next(NumberTexts.Length)]);
            case 4 or 5:
                return JsonValue.Create(Strings[random.Next(Strings.Length)]);
            case 6:
                return JsonValue.Create(RandomString());
            case 7:
                var array = new JsonArray();
                for (int i = 0, count = random.Next(4); i < count; i++)
                {
                    array.Add(RandomValue(depth + 1));
                }

                return array;
            default:
                var obj = new JsonObject();
                for (int i = 0, count = random.Next(4); i < count; i++)
                {
                    obj[RandomKey(obj)] = RandomValue(depth + 1);
                }

                return obj;
        }
    }

    private string RandomKey(JsonObject target)
    {
        string[] keys = ["type", "role", "content", "name", "text", "x", "", "model", "messages", "function", "custom", "é", "stream"];
        var key = keys[random.Next(keys.Length)];
        return target.ContainsKey(key) ? key + random.Next(1000) : key;
    }

    /// <summary>Text of random length and code points, mostly letters, some from far planes; never a lone surrogate (those come as raw tokens).</summary>
    private string RandomString()
    {
        var length = random.Next(10) == 0 ? random.Next(1_000, 20_000) : random.Next(0, 24);
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            var codePoint = random.Next(8) switch
            {
                0 => random.Next(0, 0x20),
                1 => random.Next(0x80, 0x800),
                2 => random.Next(0x800, 0xD800),
                3 => random.Next(0x10000, 0x110000),
                4 => "\"\\/'`{}[]"[random.Next(9)],
                _ => random.Next(0x20, 0x7F),
            };
            builder.Append(char.ConvertFromUtf32(codePoint));
        }

        return builder.ToString();
    }

    private JsonNode? Nested(int depth, JsonNode? innermost)
    {
        var node = innermost;
        var asObjects = random.Next(2) == 0;
        for (var i = 0; i < depth; i++)
        {
            node = asObjects ? new JsonObject { ["a"] = node } : new JsonArray(node);
        }

        return node;
    }

    private byte[] Serialize(JsonNode? root)
    {
        // Sometimes a key appears twice, with a different value before or after the original (Python keeps the last).
        JsonObject? duplicateIn = null;
        string? duplicateKey = null;
        JsonNode? duplicateValue = null;
        var duplicateFirst = false;
        if (random.Next(100) < 15)
        {
            var objects = new List<Slot>();
            CollectSlots(null, null, -1, root, objects);
            var candidates = objects.Where(s => s.Value is JsonObject { Count: > 0 }).ToList();
            if (candidates.Count > 0)
            {
                duplicateIn = (JsonObject)candidates[random.Next(candidates.Count)].Value!;
                duplicateKey = duplicateIn.ElementAt(random.Next(duplicateIn.Count)).Key;
                duplicateValue = RandomValue(1);
                duplicateFirst = random.Next(2) == 0;
            }
        }

        var buffer = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions
        {
            Encoder = random.Next(2) == 0 ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : JavaScriptEncoder.Default,
            Indented = random.Next(4) == 0,
            SkipValidation = true,
        };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            Write(writer, root);
        }

        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (text.Contains(RawMarker, StringComparison.Ordinal))
        {
            for (var i = 0; i < RawTokens.Length; i++)
            {
                text = text.Replace($"\"{RawMarker}{i}@@\"", RawTokens[i], StringComparison.Ordinal);
            }
        }

        return Encoding.UTF8.GetBytes(text);

        void Write(Utf8JsonWriter writer, JsonNode? node)
        {
            switch (node)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case JsonObject obj:
                    writer.WriteStartObject();
                    foreach (var (key, value) in obj)
                    {
                        var duplicated = ReferenceEquals(obj, duplicateIn) && key == duplicateKey;
                        if (duplicated && duplicateFirst)
                        {
                            writer.WritePropertyName(key);
                            Write(writer, duplicateValue);
                        }

                        writer.WritePropertyName(key);
                        Write(writer, value);
                        if (duplicated && !duplicateFirst)
                        {
                            writer.WritePropertyName(key);
                            Write(writer, duplicateValue);
                        }
                    }

                    writer.WriteEndObject();
                    break;
                case JsonArray array:
                    writer.WriteStartArray();
                    foreach (var item in array)
                    {
                        Write(writer, item);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    node.WriteTo(writer);
                    break;
            }
        }
    }

    private byte[] MutateBytes(byte[] body)
    {
        var bytes = new List<byte>(body);
        for (int i = 0, count = random.Next(1, 4); i < count; i++)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(9))
            {
                case 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 1:
                    var randomBytes = new byte[random.Next(1, 9)];
                    random.NextBytes(randomBytes);
                    bytes.InsertRange(at, randomBytes);
                    break;
                case 2 when bytes.Count > 0:
                    var flipAt = random.Next(bytes.Count);
                    bytes[flipAt] ^= (byte)(1 << random.Next(8));
                    break;
                case 3:
                    bytes.InsertRange(at, InvalidUtf8[random.Next(InvalidUtf8.Length)]);
                    break;
                case 4:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
                case 5:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 16), bytes.Count - at));
                    break;
                case 6:
                    bytes.Insert(at, Structural[random.Next(Structural.Length)]);
                    break;
                case 7:
                    bytes.InsertRange(at, Enumerable.Repeat(random.Next(2) == 0 ? (byte)'[' : (byte)'{', random.Next(10, 5_000)));
                    break;
                default:
                    bytes.InsertRange(0, (byte[])[0xEF, 0xBB, 0xBF]);
                    break;
            }
        }

        return [.. bytes];
    }

    private static void CollectSlots(JsonNode? parent, string? key, int index, JsonNode? value, List<Slot> slots)
    {
        slots.Add(new Slot(parent, key, index, value));
        switch (value)
        {
            case JsonObject obj:
                foreach (var (childKey, child) in obj)
                {
                    CollectSlots(obj, childKey, -1, child, slots);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    CollectSlots(array, null, i, array[i], slots);
                }

                break;
        }
    }

    private readonly record struct Slot(JsonNode? Parent, string? Key, int Index, JsonNode? Value);
}
