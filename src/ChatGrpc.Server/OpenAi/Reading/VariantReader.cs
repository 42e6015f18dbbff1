using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>Reads one variant of a tagged object from the values of its keys, already picked out of <paramref name="value"/>.</summary>
internal delegate T? VariantReader<T>(JsonElement value, JsonReadContext context, ReadOnlySpan<JsonElement> values);
