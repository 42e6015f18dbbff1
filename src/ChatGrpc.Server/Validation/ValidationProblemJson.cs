using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace ChatGrpc.Server.Validation;

/// <summary>Writes FastAPI's 422 body: <c>{"detail": [{"type", "loc", "msg", "input", "ctx"}]}</c>.</summary>
internal static class ValidationProblemJson
{
    public static void WriteDetail(Utf8JsonWriter writer, IReadOnlyList<ValidationProblem> problems)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("detail");
        foreach (var problem in problems)
        {
            WriteProblem(writer, problem);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteProblem(Utf8JsonWriter writer, ValidationProblem problem)
    {
        writer.WriteStartObject();
        writer.WriteString("type", problem.Type);
        writer.WriteStartArray("loc");
        writer.WriteStringValue(problem.Root);
        foreach (var segment in problem.Location)
        {
            if (segment is int index)
            {
                writer.WriteNumberValue(index);
            }
            else
            {
                writer.WriteStringValue((string)segment);
            }
        }

        writer.WriteEndArray();
        writer.WriteString("msg", problem.Message);
        writer.WritePropertyName("input");
        WriteInput(writer, problem.Input);
        if (problem.Context is { } context)
        {
            writer.WriteStartObject("ctx");
            foreach (var (key, value) in context)
            {
                writer.WritePropertyName(key);
                WriteContextValue(writer, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// The input compact, as FastAPI writes it; or, when it holds an escaped lone surrogate (<c>"\ud800"</c>:
    /// valid JSON that cannot be re-encoded), its text as sent, which is valid JSON too.
    /// </summary>
    private static void WriteInput(Utf8JsonWriter writer, JsonElement input)
    {
        var compact = new ArrayBufferWriter<byte>();
        try
        {
            using var compactWriter = new Utf8JsonWriter(compact, new JsonWriterOptions { Encoder = writer.Options.Encoder });
            input.WriteTo(compactWriter);
        }
        catch (InvalidOperationException)
        {
            writer.WriteRawValue(input.GetRawText(), skipInputValidation: true);
            return;
        }

        writer.WriteRawValue(compact.WrittenSpan, skipInputValidation: true);
    }

    private static void WriteContextValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case string text:
                writer.WriteStringValue(text);
                break;
            case long integer:
                writer.WriteNumberValue(integer);
                break;
            case double number when double.IsFinite(number) && Math.Floor(number) == number && Math.Abs(number) < 1e16:
                // Python prints a whole float with its fraction: 2.0, not 2.
                writer.WriteRawValue(number.ToString("F1", CultureInfo.InvariantCulture));
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            default:
                throw new ArgumentException($"Unsupported ctx value type {value.GetType()}.", nameof(value));
        }
    }
}
