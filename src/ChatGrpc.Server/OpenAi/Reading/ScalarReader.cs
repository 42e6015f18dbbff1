using System.Text.Json;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary>
/// Reads a scalar, reporting a problem at the current location followed by <paramref name="key"/> (null: the
/// current location): the shape of <see cref="LaxScalars"/>' readers, of literals and of free-form objects.
/// </summary>
internal delegate bool ScalarReader<TValue>(JsonElement value, JsonReadContext context, string? key, out TValue result);
