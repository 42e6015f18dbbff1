using System.Text.Json;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Server.OpenAi.Writing;

/// <summary>
/// A named JSON Schema as a request gives it, the same four keys in a function's definition (the schema under
/// <c>parameters</c>) and in a response format's <c>json_schema</c> (under <c>schema</c>).
/// </summary>
internal static class SchemaDefinitionJson
{
    public static void WriteFields(
        Utf8JsonWriter writer, string name, bool hasDescription, string description, ReadOnlySpan<byte> schemaKey, Struct? schema, bool hasStrict, bool strict)
    {
        writer.WriteString("name"u8, name);
        writer.WriteStringIfSet("description"u8, hasDescription, description);
        if (schema is not null)
        {
            writer.WritePropertyName(schemaKey);
            ProtoStructJson.WriteStruct(writer, schema);
        }

        writer.WriteBooleanIfSet("strict"u8, hasStrict, strict);
    }
}
