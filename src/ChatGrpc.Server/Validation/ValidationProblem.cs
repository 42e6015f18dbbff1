using System.Text.Json;

namespace ChatGrpc.Server.Validation;

/// <summary>
/// One entry of FastAPI's 422 <c>detail</c> list, in Pydantic v2's vocabulary. Create them through
/// <see cref="PydanticErrors"/> so that types, messages and contexts stay exactly Pydantic's.
/// </summary>
internal sealed class ValidationProblem
{
    internal ValidationProblem(string type, string message, IReadOnlyList<object> location, JsonElement input, IReadOnlyList<KeyValuePair<string, object>>? context)
    {
        Type = type;
        Message = message;
        Location = location;
        Input = input;
        Context = context;
    }

    /// <summary>Pydantic's error type, such as <c>missing</c> or <c>less_than_equal</c>.</summary>
    public string Type { get; }

    /// <summary>Pydantic's message for the type.</summary>
    public string Message { get; }

    /// <summary>
    /// Where the problem is, below the body: object keys (<see cref="string"/>) and array indexes
    /// (<see cref="int"/>). Empty for the body itself. The wire form puts <c>"body"</c> in front.
    /// </summary>
    public IReadOnlyList<object> Location { get; }

    /// <summary>The offending value as sent; for <c>missing</c>, the object that lacks the key.</summary>
    public JsonElement Input { get; }

    /// <summary>
    /// Pydantic's <c>ctx</c>, in order, or null for types that have none. Values are <see cref="string"/>,
    /// <see cref="long"/> or <see cref="double"/>; a double is written with a fraction (<c>2.0</c>), as
    /// Python prints floats.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, object>>? Context { get; }

    /// <summary>Where the location starts: <c>body</c>, or <c>query</c> for a query parameter (FastAPI's first <c>loc</c> item).</summary>
    public string Root { get; internal set; } = "body";

    /// <summary>Whether a problem the field's own rule finds at the same location replaces this one.</summary>
    internal bool YieldsToFieldRule { get; set; }

    /// <summary>The location as one dotted string (<c>body.messages.0.user.content</c>), as gRPC field violations carry it.</summary>
    public string DottedLocation
    {
        get
        {
            if (Location.Count == 0)
            {
                return Root;
            }

            return Root + "." + string.Join('.', Location);
        }
    }
}
