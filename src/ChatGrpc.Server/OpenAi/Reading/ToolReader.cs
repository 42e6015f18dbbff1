using ChatGrpc.Server.Validation;
using ChatGrpc.V1;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.Server.OpenAi.Reading;

/// <summary><c>tools</c> (discriminated by <c>type</c>) and the deprecated <c>functions</c>.</summary>
/// <remarks>A reader is declared after those it uses, as static fields are initialised in order.</remarks>
internal static class ToolReader
{
    /// <summary>A function definition: an item of <c>functions</c>, or a function tool's payload.</summary>
    public static readonly ObjectReader<FunctionDefinition> Function = NamedSchema<FunctionDefinition>(
        static () => new(), "parameters",
        static (function, name) => function.Name = name,
        static (function, description) => function.Description = description,
        static (function, parameters) => function.Parameters = parameters,
        static (function, strict) => function.Strict = strict);

    private static readonly ObjectReader<CustomToolGrammarFormat> Grammar = new ObjectReader<CustomToolGrammarFormat>(static () => new())
        .String("definition", Presence.Required, static (grammar, definition) => grammar.Definition = definition)
        .Literal("syntax", Presence.Required, EnumLiteralTables.GrammarSyntax, static (grammar, syntax) => grammar.Syntax = (GrammarSyntax)syntax);

    /// <summary><c>{"type": "text"}</c> or <c>{"type": "grammar", "grammar": {"definition", "syntax"}}</c>.</summary>
    private static readonly UnionReader<CustomToolFormat> CustomFormat = new UnionReader<CustomToolFormat>(UnionTags.CustomToolFormat, static () => new())
        .Variant(CustomToolFormat.TextFieldNumber, static () => new CustomToolFormat { Text = new CustomToolTextFormat() })
        .Payload(CustomToolFormat.GrammarFieldNumber, Grammar.Read, static (format, grammar) => format.Grammar = grammar);

    private static readonly ObjectReader<CustomToolDefinition> Custom = new ObjectReader<CustomToolDefinition>(static () => new())
        .String("name", Presence.Required, static (custom, name) => custom.Name = name)
        .String("description", Presence.Omittable, static (custom, description) => custom.Description = description)
        .Object("format", Presence.Omittable, CustomFormat.Read, static (custom, format) => custom.Format = format);

    /// <summary><c>{"type": "function", "function": {...}}</c> or <c>{"type": "custom", "custom": {...}}</c>.</summary>
    public static readonly UnionReader<Tool> Tool = new UnionReader<Tool>(UnionTags.Tool, static () => new())
        .Payload(V1.Tool.FunctionFieldNumber, Function.Read, static (tool, function) => tool.Function = function)
        .Payload(V1.Tool.CustomFieldNumber, Custom.Read, static (tool, custom) => tool.Custom = custom);

    /// <summary>
    /// The keys of a named JSON schema, which a function definition (its <c>parameters</c>) and a json_schema
    /// response format (its <c>schema</c>) have alike.
    /// </summary>
    public static ObjectReader<T> NamedSchema<T>(Func<T> create, string schemaKey, Action<T, string> setName, Action<T, string> setDescription, Action<T, Struct> setSchema, Action<T, bool> setStrict)
        where T : class =>
        new ObjectReader<T>(create)
            .String("name", Presence.Required, setName)
            .String("description", Presence.Omittable, setDescription)
            .Struct(schemaKey, Presence.Omittable, setSchema)
            .Bool("strict", Presence.Optional, setStrict);
}
