using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatGrpc.Benchmarks;

/// <summary>
/// Request bodies as OpenAI's SDKs send them: UTF-8 JSON, non-ASCII text unescaped. Built once per benchmark
/// process and deterministic, so that figures are comparable between runs.
/// </summary>
public static class SampleRequests
{
    /// <summary>How many messages <see cref="Large"/> carries.</summary>
    public const int LargeMessageCount = 100;

    /// <summary>
    /// A system and a user message, two function tools with small JSON-schema parameters, and ten scalar
    /// parameters (tool_choice, temperature, top_p, n, max_tokens, seed, stop, user, presence and frequency penalty).
    /// </summary>
    public const string TypicalJson = """
        {
          "model": "chatgrpc-dev",
          "messages": [
            {"role": "system", "content": "You are a helpful assistant for a travel agency. Answer briefly, use the tools when the user asks about the weather or wants a table booked, and never invent prices."},
            {"role": "user", "content": "What will the weather be like in Lisbon tomorrow afternoon? If it is dry, book a table for two at Café Luso at 8 pm."}
          ],
          "tools": [
            {
              "type": "function",
              "function": {
                "name": "get_weather",
                "description": "Get the weather forecast for a city.",
                "parameters": {
                  "type": "object",
                  "properties": {
                    "city": {"type": "string", "description": "The city, e.g. Lisbon"},
                    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                    "days": {"type": "integer", "minimum": 1, "maximum": 7}
                  },
                  "required": ["city"]
                }
              }
            },
            {
              "type": "function",
              "function": {
                "name": "book_table",
                "description": "Book a table at a restaurant.",
                "parameters": {
                  "type": "object",
                  "properties": {
                    "restaurant": {"type": "string"},
                    "party_size": {"type": "integer", "minimum": 1},
                    "time": {"type": "string", "format": "date-time"}
                  },
                  "required": ["restaurant", "party_size", "time"]
                },
                "strict": false
              }
            }
          ],
          "tool_choice": "auto",
          "temperature": 0.7,
          "top_p": 0.9,
          "n": 1,
          "max_tokens": 512,
          "seed": 42,
          "stop": ["\n\nUser:", "<|end|>"],
          "user": "user-8f14e45f",
          "presence_penalty": 0.1,
          "frequency_penalty": 0.2
        }
        """;

    /// <summary>How many problems <see cref="Invalid"/> has (two the reader finds, two the rules find).</summary>
    public const int InvalidProblemCount = 4;

    private const string Prose =
        "The forecast for the coast shows a band of light rain moving in from the Atlantic late in the morning, "
        + "clearing by early afternoon with temperatures around nineteen degrees and a moderate north-westerly wind. "
        + "Inland it stays dry and warmer, close to twenty-four degrees, with a chance of haze in the valleys. "
        + "Restaurants in the old town fill up quickly on Fridays, so a booking before six is usually wise; "
        + "the café on the square keeps two tables outside for walk-ins and serves grilled sardines until late. ";

    private static readonly JsonSerializerOptions WriteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Typical() => Encoding.UTF8.GetBytes(TypicalJson);

    /// <summary>
    /// <see cref="Typical"/>'s tools and parameters with <see cref="LargeMessageCount"/> messages: a system prompt,
    /// then turns of user text, assistant text, user text with an image, an assistant tool call and its tool
    /// result, with lengths from a short question to a long answer.
    /// </summary>
    public static byte[] Large()
    {
        var body = ParseTypical();
        var messages = new JsonArray { Message("system", Text(600)) };
        for (var i = 1; messages.Count < LargeMessageCount; i++)
        {
            var length = 120 + (i * 97 % 480);
            switch (i % 5)
            {
                case 1:
                    messages.Add(Message("user", Text(length)));
                    break;
                case 2:
                    messages.Add(Message("assistant", Text(length * 3)));
                    break;
                case 3:
                    messages.Add(new JsonObject
                    {
                        ["role"] = "user",
                        ["content"] = new JsonArray
                        {
                            new JsonObject { ["type"] = "text", ["text"] = Text(length) },
                            new JsonObject
                            {
                                ["type"] = "image_url",
                                ["image_url"] = new JsonObject { ["url"] = $"https://images.example.com/trip/{i}.jpg", ["detail"] = "low" },
                            },
                        },
                    });
                    break;
                case 4:
                    messages.Add(new JsonObject
                    {
                        ["role"] = "assistant",
                        ["content"] = null,
                        ["tool_calls"] = new JsonArray
                        {
                            new JsonObject
                            {
                                ["id"] = $"call_{i:D4}",
                                ["type"] = "function",
                                ["function"] = new JsonObject { ["name"] = "get_weather", ["arguments"] = "{\"city\": \"Lisbon\", \"unit\": \"celsius\", \"days\": 2}" },
                            },
                        },
                    });
                    break;
                default:
                    messages.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = $"call_{i - 1:D4}", ["content"] = Text(length / 2) });
                    break;
            }
        }

        body["messages"] = messages;
        return JsonSerializer.SerializeToUtf8Bytes(body, WriteOptions);
    }

    /// <summary>
    /// <see cref="Typical"/> with <see cref="InvalidProblemCount"/> problems: a user message without content and
    /// max_tokens that is not a number (the reader's), temperature and n out of range (the rules').
    /// </summary>
    public static byte[] Invalid()
    {
        var body = ParseTypical();
        body["messages"]![1]!.AsObject().Remove("content");
        body["max_tokens"] = "plenty";
        body["temperature"] = 3.5;
        body["n"] = 0;
        return JsonSerializer.SerializeToUtf8Bytes(body, WriteOptions);
    }

    private static JsonObject ParseTypical() => JsonNode.Parse(TypicalJson)!.AsObject();

    private static JsonObject Message(string role, string content) => new() { ["role"] = role, ["content"] = content };

    private static string Text(int length)
    {
        var text = new StringBuilder(length + Prose.Length);
        while (text.Length < length)
        {
            text.Append(Prose);
        }

        return text.ToString(0, length).TrimEnd();
    }
}
