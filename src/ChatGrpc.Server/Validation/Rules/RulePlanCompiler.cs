using System.Text.RegularExpressions;
using Buf.Validate;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ChatGrpc.Server.Validation.Rules;

/// <summary>
/// Reads the buf.validate rules of a message type and everything below it into <see cref="MessageRulePlan"/>s,
/// once, at start-up. A rule this gateway does not implement fails start-up: a rule in chat.proto must never be
/// silently ignored.
/// </summary>
internal static class RulePlanCompiler
{
    public static MessageRulePlan Compile(MessageDescriptor root) => Compile(root, new Dictionary<string, MessageRulePlan>());

    private static MessageRulePlan Compile(MessageDescriptor descriptor, Dictionary<string, MessageRulePlan> compiled)
    {
        if (compiled.TryGetValue(descriptor.FullName, out var existing))
        {
            return existing;
        }

        var plan = new MessageRulePlan(descriptor);
        compiled.Add(descriptor.FullName, plan);

        var messageRules = descriptor.GetOptions()?.GetExtension(ValidateExtensions.Message);
        if (messageRules is not null)
        {
            foreach (var rule in messageRules.Cel)
            {
                if (!CrossFieldChecks.ById.TryGetValue(rule.Id, out var check))
                {
                    throw new NotSupportedException($"{descriptor.FullName}: the CEL rule '{rule.Id}' has no compiled check in {nameof(CrossFieldChecks)}.");
                }

                plan.CrossFieldRules.Add(new CrossFieldRule(rule.Id, rule.Message, check));
            }

            EnsureOnly(messageRules.Clone(), descriptor.FullName, static r => r.Cel.Clear());
        }

        var oneofReaders = new Dictionary<OneofDescriptor, OneofReader>();
        foreach (var oneof in descriptor.Oneofs.Where(static oneof => !oneof.IsSynthetic))
        {
            oneofReaders.Add(oneof, new OneofReader(oneof));
        }

        foreach (var oneof in descriptor.Oneofs)
        {
            var oneofRules = oneof.GetOptions()?.GetExtension(ValidateExtensions.Oneof);
            if (oneofRules is null)
            {
                continue;
            }

            if (oneofRules.Required)
            {
                plan.RequiredOneofs.Add(oneofReaders[oneof]);
            }

            EnsureOnly(oneofRules.Clone(), oneof.FullName, static r => r.ClearRequired());
        }

        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            var reader = FieldReaders.For(field, field.RealContainingOneof is { } oneof ? oneofReaders[oneof] : null);
            var fieldPlan = CompileField(field, field.GetOptions()?.GetExtension(ValidateExtensions.Field), field.FullName, reader);
            if (fieldPlan is null)
            {
                continue;
            }

            var holdsMessage = field.FieldType == FieldType.Message && !IsWellKnown(field.MessageType);
            var valueField = field.IsMap ? field.MessageType.FindFieldByNumber(2) : field;
            if (valueField.FieldType == FieldType.Message && !IsWellKnown(valueField.MessageType) && holdsMessage)
            {
                var child = Compile(valueField.MessageType, compiled);
                fieldPlan.Message = child;
            }

            plan.Fields.Add(fieldPlan);
        }

        // Drop fields that neither carry rules nor lead to messages that do. Recursive types would need a
        // fixed point; chat.proto has none below the request outside google.protobuf.
        plan.Fields.RemoveAll(static f => !f.HasOwnRules() && f.Message is not { HasRules: true });
        return plan;
    }

    /// <param name="reader">The field's reader; null for the plan of a list item or a map key or value.</param>
    private static FieldRulePlan? CompileField(FieldDescriptor field, FieldRules? rules, string name, FieldReader? reader = null)
    {
        if (rules is not null && rules.Ignore == Ignore.Always)
        {
            return null;
        }

        FieldRulePlan? items = null;
        FieldRulePlan? keys = null;
        Regex? pattern = null;
        if (rules is not null)
        {
            var rest = rules.Clone();
            rest.ClearRequired();
            rest.ClearIgnore();
            if (rest.Cel.Count > 0)
            {
                throw new NotSupportedException($"{name}: field-level CEL rules are not supported.");
            }

            switch (rest.TypeCase)
            {
                case FieldRules.TypeOneofCase.None:
                    break;
                case FieldRules.TypeOneofCase.String:
                    pattern = rest.String.HasPattern ? CompilePattern(rest.String.Pattern) : null;
                    EnsureOnly(rest.String, name, static r =>
                    {
                        r.ClearMinLen();
                        r.ClearMaxLen();
                        r.ClearPattern();
                        r.In.Clear();
                    });
                    break;
                case FieldRules.TypeOneofCase.Double:
                    EnsureOnly(rest.Double, name, static r =>
                    {
                        r.ClearGte();
                        r.ClearLte();
                    });
                    break;
                case FieldRules.TypeOneofCase.Int64:
                    EnsureOnly(rest.Int64, name, static r =>
                    {
                        r.ClearGte();
                        r.ClearLte();
                    });
                    break;
                case FieldRules.TypeOneofCase.Enum:
                    EnsureOnly(rest.Enum, name, static r =>
                    {
                        r.ClearDefinedOnly();
                        r.NotIn.Clear();
                    });
                    break;
                case FieldRules.TypeOneofCase.Repeated:
                    items = rest.Repeated.Items is { } itemRules ? CompileField(field, itemRules, name + "[]") : null;
                    EnsureOnly(rest.Repeated, name, static r =>
                    {
                        r.ClearMinItems();
                        r.ClearMaxItems();
                        r.Items = null;
                    });
                    break;
                case FieldRules.TypeOneofCase.Map:
                    keys = rest.Map.Keys is { } keyRules ? CompileField(field.MessageType.FindFieldByNumber(1), keyRules, name + "[key]") : null;
                    items = rest.Map.Values is { } valueRules ? CompileField(field.MessageType.FindFieldByNumber(2), valueRules, name + "[value]") : null;
                    EnsureOnly(rest.Map, name, static r =>
                    {
                        r.ClearMaxPairs();
                        r.Keys = null;
                        r.Values = null;
                    });
                    break;
                default:
                    throw new NotSupportedException($"{name}: {rest.TypeCase} rules are not supported.");
            }
        }

        return new FieldRulePlan
        {
            Field = field,
            Reader = reader,
            Required = rules?.Required ?? false,
            IgnoreIfZero = rules?.Ignore == Ignore.IfZeroValue,
            Rules = rules is { TypeCase: not FieldRules.TypeOneofCase.None } ? rules : null,
            Pattern = pattern,
            Items = items,
            Keys = keys,
        };
    }

    /// <summary>Clears the supported rules from <paramref name="rules"/>; anything left is a rule we would ignore.</summary>
    private static void EnsureOnly<T>(T rules, string name, Action<T> clearSupported)
        where T : IMessage<T>
    {
        var rest = rules.Clone();
        clearSupported(rest);
        if (rest.CalculateSize() > 0)
        {
            throw new NotSupportedException($"{name}: unsupported buf.validate rules {rest}.");
        }
    }

    private static Regex CompilePattern(string re2)
    {
        // RE2's '$' matches only at the very end; .NET's also before a final newline.
        var pattern = re2.EndsWith('$') && !re2.EndsWith("\\$", StringComparison.Ordinal) ? string.Concat(re2.AsSpan(0, re2.Length - 1), "\\z") : re2;
        return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }

    private static bool IsWellKnown(MessageDescriptor descriptor) => descriptor.File.Package == "google.protobuf";

    private static bool HasOwnRules(this FieldRulePlan plan) => plan.Required || plan.Rules is not null || plan.Items is not null || plan.Keys is not null;
}
