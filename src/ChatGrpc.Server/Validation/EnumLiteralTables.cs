using System.Collections.Frozen;
using ChatGrpc.V1;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.Validation;

/// <summary>The literal table of every enum in chat.proto, built once from the file's descriptor.</summary>
internal static class EnumLiteralTables
{
    private static readonly FrozenDictionary<string, EnumLiteralTable> ByName =
        ChatReflection.Descriptor.EnumTypes.ToFrozenDictionary(static e => e.FullName, static e => new EnumLiteralTable(e));

    public static EnumLiteralTable AllowedToolsMode { get; } = For<V1.AllowedToolsMode>();

    public static EnumLiteralTable AudioFormat { get; } = For<V1.AudioFormat>();

    public static EnumLiteralTable ChatRole { get; } = For<V1.ChatRole>();

    public static EnumLiteralTable FinishReason { get; } = For<V1.FinishReason>();

    public static EnumLiteralTable FunctionCallMode { get; } = For<V1.FunctionCallMode>();

    public static EnumLiteralTable GrammarSyntax { get; } = For<V1.GrammarSyntax>();

    public static EnumLiteralTable ImageDetail { get; } = For<V1.ImageDetail>();

    public static EnumLiteralTable InputAudioFormat { get; } = For<V1.InputAudioFormat>();

    public static EnumLiteralTable ReasoningEffort { get; } = For<V1.ReasoningEffort>();

    public static EnumLiteralTable SearchContextSize { get; } = For<V1.SearchContextSize>();

    public static EnumLiteralTable ServiceTier { get; } = For<V1.ServiceTier>();

    public static EnumLiteralTable ToolChoiceMode { get; } = For<V1.ToolChoiceMode>();

    public static EnumLiteralTable Verbosity { get; } = For<V1.Verbosity>();

    private static EnumLiteralTable For<TEnum>()
        where TEnum : struct, Enum
    {
        foreach (var descriptor in ChatReflection.Descriptor.EnumTypes)
        {
            if (descriptor.ClrType == typeof(TEnum))
            {
                return ByName[descriptor.FullName];
            }
        }

        throw new InvalidOperationException($"{typeof(TEnum).Name} is not an enum of chat.proto.");
    }

    /// <summary>The table of an enum of chat.proto.</summary>
    public static EnumLiteralTable For(EnumDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return ByName.TryGetValue(descriptor.FullName, out var table)
            ? table
            : throw new ArgumentException($"{descriptor.FullName} is not an enum of chat.proto.", nameof(descriptor));
    }
}
