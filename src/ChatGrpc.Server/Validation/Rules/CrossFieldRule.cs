using Google.Protobuf;

namespace ChatGrpc.Server.Validation.Rules;

/// <summary>A rule across fields: its id and message come from chat.proto, its check from <see cref="CrossFieldChecks"/>.</summary>
internal sealed record CrossFieldRule(string Id, string Message, Func<IMessage, bool> Check);
