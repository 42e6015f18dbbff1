using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;

namespace ChatGrpc.V1;

/// <summary>
/// What a whole answer (<see cref="ChatCompletion"/>) and a stream chunk (<see cref="ChatCompletionChunk"/>) have in
/// common: every field, with the same number in the proto, but what a choice carries (a message or a delta). The
/// server's OpenAI codec reads and writes both through it, so the two wire objects cannot drift apart.
/// </summary>
internal interface IChatCompletionObject<TChoice>
    where TChoice : IChatCompletionChoice
{
    string Id { get; set; }

    long Created { get; set; }

    string Model { get; set; }

    RepeatedField<TChoice> Choices { get; }

    Usage? Usage { get; set; }

    bool HasSystemFingerprint { get; }

    string SystemFingerprint { get; set; }

    bool HasServiceTier { get; }

    ServiceTier ServiceTier { get; set; }

    Struct? ExtraFields { get; set; }
}

/// <summary>What a choice of an answer and a choice of a chunk have in common: all but the message or delta.</summary>
internal interface IChatCompletionChoice
{
    int Index { get; set; }

    FinishReason FinishReason { get; set; }

    ChoiceLogprobs? Logprobs { get; set; }

    Struct? ExtraFields { get; set; }
}

public sealed partial class ChatCompletion : IChatCompletionObject<ChatCompletionChoice>;

public sealed partial class ChatCompletionChunk : IChatCompletionObject<ChatCompletionChunkChoice>;

public sealed partial class ChatCompletionChoice : IChatCompletionChoice;

public sealed partial class ChatCompletionChunkChoice : IChatCompletionChoice;
