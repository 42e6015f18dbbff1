using ChatGrpc.V1;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.OpenAi.Writing;

/// <summary>The literal tables of every enum in chat.proto, built once from the file's descriptor.</summary>
internal static class OpenAiEnumLiterals
{
    public static readonly ProtoEnumLiterals AllowedToolsMode = For<AllowedToolsMode>();
    public static readonly ProtoEnumLiterals AudioFormat = For<AudioFormat>();
    public static readonly ProtoEnumLiterals ChatRole = For<ChatRole>();
    public static readonly ProtoEnumLiterals FinishReason = For<FinishReason>();
    public static readonly ProtoEnumLiterals FunctionCallMode = For<FunctionCallMode>();
    public static readonly ProtoEnumLiterals GrammarSyntax = For<GrammarSyntax>();
    public static readonly ProtoEnumLiterals ImageDetail = For<ImageDetail>();
    public static readonly ProtoEnumLiterals InputAudioFormat = For<InputAudioFormat>();
    public static readonly ProtoEnumLiterals ReasoningEffort = For<ReasoningEffort>();
    public static readonly ProtoEnumLiterals SearchContextSize = For<SearchContextSize>();
    public static readonly ProtoEnumLiterals ServiceTier = For<ServiceTier>();
    public static readonly ProtoEnumLiterals ToolChoiceMode = For<ToolChoiceMode>();
    public static readonly ProtoEnumLiterals Verbosity = For<Verbosity>();

    private static ProtoEnumLiterals For<TEnum>()
        where TEnum : struct, Enum
    {
        foreach (var descriptor in ChatReflection.Descriptor.EnumTypes)
        {
            if (descriptor.ClrType == typeof(TEnum))
            {
                return new ProtoEnumLiterals(descriptor);
            }
        }

        throw new InvalidOperationException($"{typeof(TEnum).Name} is not an enum of chat.proto.");
    }
}
