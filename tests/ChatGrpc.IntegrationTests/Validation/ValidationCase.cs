using System.Text;
using System.Text.Json;
using ChatGrpc.IntegrationTests.Infrastructure;
using ChatGrpc.Server.OpenAi;
using ChatGrpc.V1;

namespace ChatGrpc.IntegrationTests.Validation;

/// <summary>
/// One invalid request of <c>tests/ValidationCases/&lt;name&gt;.json</c> and the whole FastAPI <c>detail</c> it
/// must be answered with. A case file holds <c>description</c>, either <c>body</c> (JSON, sent exactly as written
/// in the file) or <c>rawBody</c> (a string sent as is, for bodies that are not valid JSON), optionally
/// <c>contentType</c> (application/json when absent, no header at all when null), and <c>detail</c>. Files
/// under <c>pending/</c> are not run: they wait for a server fix. See tests/ValidationCases/README.md.
/// </summary>
internal sealed class ValidationCase
{
    public const string JsonContentType = "application/json";

    private static readonly HashSet<string> Keys = ["description", "body", "rawBody", "contentType", "jsonOnly", "detail"];

    private ValidationCase(string name, string description, byte[] body, string? contentType, JsonElement detail, string? jsonOnly)
    {
        Name = name;
        Description = description;
        Body = body;
        ContentType = contentType;
        JsonOnly = jsonOnly;
        Detail = detail;
    }

    public static string Folder { get; } = Path.Combine(RepositoryPaths.Root, "tests", "ValidationCases");

    public static string PendingFolder { get; } = Path.Combine(Folder, "pending");

    public string Name { get; }

    public string Description { get; }

    /// <summary>The request body, byte for byte.</summary>
    public byte[] Body { get; }

    /// <summary>The Content-Type header, or null to send none.</summary>
    public string? ContentType { get; }

    /// <summary>The expected <c>detail</c> array, numbers as written (a float bound stays <c>2.0</c>).</summary>
    public JsonElement Detail { get; }

    /// <summary>The names of the cases that run, in ordinal order.</summary>
    public static IEnumerable<string> Names() =>
        Directory.EnumerateFiles(Folder, "*.json").Select(static file => Path.GetFileNameWithoutExtension(file)).Order(StringComparer.Ordinal);

    public static ValidationCase Load(string name) => LoadFile(Path.Combine(Folder, name + ".json"));

    /// <exception cref="InvalidDataException">The file does not follow the case format.</exception>
    public static ValidationCase LoadFile(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(name, "the file is not a JSON object");
        }

        foreach (var property in root.EnumerateObject())
        {
            if (!Keys.Contains(property.Name))
            {
                throw Invalid(name, $"unknown key '{property.Name}' (known: {string.Join(", ", Keys)})");
            }
        }

        var hasBody = root.TryGetProperty("body", out var body);
        var hasRawBody = root.TryGetProperty("rawBody", out var rawBody);
        if (hasBody == hasRawBody)
        {
            throw Invalid(name, "exactly one of 'body' and 'rawBody' is needed");
        }

        if (hasRawBody && rawBody.ValueKind != JsonValueKind.String)
        {
            throw Invalid(name, "'rawBody' is a string");
        }

        if (!root.TryGetProperty("description", out var description) || description.ValueKind != JsonValueKind.String)
        {
            throw Invalid(name, "'description' is a required string");
        }

        if (!root.TryGetProperty("detail", out var detail) || detail.ValueKind != JsonValueKind.Array || detail.GetArrayLength() == 0)
        {
            throw Invalid(name, "'detail' is a required, non-empty array");
        }

        var contentType = JsonContentType;
        if (root.TryGetProperty("contentType", out var contentTypeElement))
        {
            contentType = contentTypeElement.ValueKind is JsonValueKind.String or JsonValueKind.Null
                ? contentTypeElement.GetString()
                : throw Invalid(name, "'contentType' is a string or null");
        }

        string? jsonOnly = null;
        if (root.TryGetProperty("jsonOnly", out var jsonOnlyElement))
        {
            jsonOnly = jsonOnlyElement.ValueKind == JsonValueKind.String ? jsonOnlyElement.GetString() : throw Invalid(name, "'jsonOnly' is the reason, a string");
        }

        var bytes = hasBody ? Encoding.UTF8.GetBytes(body.GetRawText()) : Encoding.UTF8.GetBytes(rawBody.GetString()!);
        return new ValidationCase(name, description.GetString()!, bytes, contentType, detail.Clone(), jsonOnly);
    }

    /// <summary>
    /// The request as the server's own reader makes of the body, to send over gRPC; null when the case can only
    /// be expressed in JSON: a content type other than the default, or a problem that only a JSON reader sees
    /// (a missing key, a wrong kind, a failed conversion, an unknown literal or tag, a body that is not JSON).
    /// </summary>
    public CreateChatCompletionRequest? ToProtoRequest()
    {
        if (ContentType != JsonContentType || JsonOnly is not null)
        {
            return null;
        }

        using var read = OpenAiRequestReader.Read(Body);
        return read.Problems.Count == 0 ? read.Request : null;
    }

    /// <summary>Why the case cannot be sent as a proto, when the reader alone cannot tell (e.g. an explicitly empty list).</summary>
    public string? JsonOnly { get; }

    public override string ToString() => Name;

    private static InvalidDataException Invalid(string name, string reason) => new($"Validation case '{name}': {reason}.");
}
