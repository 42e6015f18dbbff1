using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using ChatGrpc.Server.Access.Redis;
using ChatGrpc.Server.Configuration;
using ChatGrpc.Server.Hosting;
using ChatGrpc.Server.Telemetry;
using ChatGrpc.Server.UsageRecords;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatGrpc.Tests.Hosting;

/// <summary>
/// The README's configuration tables and the keys the server binds agree both ways. The bound keys are read from the
/// server itself: every options type it registers (found in its service collection), walked property by property from
/// its section, and proved by binding a value at each key through the server's own registrations.
/// </summary>
public sealed partial class ConfigurationKeysTests
{
    /// <summary>Keys the server reads without an options class, each with the reason.</summary>
    private static readonly string[] ReadWithoutOptions =
    [
        // Read while the configuration is being built, before there is a container: it adds configuration sources.
        ConfigurationDirectories.SectionName + ":<k>",
        "ConnectionStrings:" + RedisConnection.ConnectionStringName,
        "ConnectionStrings:" + UsageOptions.ConnectionStringName,
    ];

    private static readonly Assembly Server = typeof(ChatGrpcApplication).Assembly;

    [Fact]
    public void Readme_DocumentsEveryBoundKey_AndNoKeyNothingBinds()
    {
        var bound = BoundLeaves().Select(leaf => Normalize(leaf.Pattern)).Concat(ReadWithoutOptions.Select(Normalize)).ToHashSet(StringComparer.Ordinal);
        var documented = ReadmeKeys(File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"))).Select(Normalize).ToHashSet(StringComparer.Ordinal);

        var undocumented = bound.Except(documented).Order(StringComparer.Ordinal).ToList();
        var unbound = documented.Except(bound).Order(StringComparer.Ordinal).ToList();

        Assert.True(undocumented.Count == 0, "Bound by the server but in no configuration table of README.md: " + string.Join(", ", undocumented));
        Assert.True(unbound.Count == 0, "In README.md's configuration tables but bound by nothing: " + string.Join(", ", unbound));
    }

    [Fact]
    public void EveryWalkedKey_BindsItsProperty_ThroughTheServersRegistrations()
    {
        var leaves = BoundLeaves();
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var expected = new List<(Leaf Leaf, object Value)>();
        foreach (var leaf in leaves)
        {
            var (text, value) = Sample(leaf.Type, leaf.Read(Activator.CreateInstance(leaf.Root)!));
            settings[leaf.SampleKey] = text;
            expected.Add((leaf, value));
        }

        using var provider = ServerServices(settings).BuildServiceProvider();
        var bound = new Dictionary<Type, object>();
        foreach (var root in leaves.Select(leaf => leaf.Root).Distinct())
        {
            var options = Activator.CreateInstance(root)!;
            foreach (var configure in provider.GetServices(typeof(IConfigureOptions<>).MakeGenericType(root)))
            {
                configure!.GetType().GetMethod(nameof(IConfigureOptions<object>.Configure), [root])!.Invoke(configure, [options]);
            }

            bound[root] = options;
        }

        var wrong = expected.Where(pair => !Equals(pair.Leaf.Read(bound[pair.Leaf.Root]), pair.Value)).Select(pair => $"{pair.Leaf.SampleKey} (expected {pair.Value}, bound {pair.Leaf.Read(bound[pair.Leaf.Root]) ?? "nothing"})").ToList();
        Assert.True(wrong.Count == 0, "Keys the walk expects but the server's registrations do not bind: " + string.Join(", ", wrong));
    }

    [Fact]
    public void EveryTypeNamingASection_IsAnOptionsTypeTheServerRegisters()
    {
        var registered = RegisteredOptionsTypes().ToHashSet();
        var named = Server.GetTypes().Where(type => type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } && type != typeof(ConfigurationDirectories));

        Assert.Empty(named.Where(type => !registered.Contains(type)).Select(type => type.Name));
    }

    [Fact]
    public void ReadmeKeys_ExpandsContinuationsAndSkipsPointers()
    {
        string[] readme =
        [
            "| setting | default | meaning |",
            "|---|---|---|",
            "| `ChatGrpc:A:<i>:B`, `…:C`, `D` | 1 | x |",
            "| `ChatGrpc:Other:…`, `OTEL_X` (and `OTEL_*`) | | y |",
            "",
            "| what | key |",
            "|---|---|",
            "| ignored | `ChatGrpc:Ignored` |",
        ];

        Assert.Equal(["ChatGrpc:A:<i>:B", "ChatGrpc:A:<i>:C", "ChatGrpc:A:<i>:D"], ReadmeKeys(readme));
    }

    /// <summary>The ChatGrpc and connection-string keys in the first column of every README table headed <c>setting</c> or <c>key</c>.</summary>
    private static List<string> ReadmeKeys(string[] readme)
    {
        var keys = new List<string>();
        var inTable = false;
        foreach (var line in readme)
        {
            if (!line.StartsWith('|'))
            {
                inTable = false;
                continue;
            }

            var firstCell = line.Split('|')[1].Trim();
            if (!inTable)
            {
                inTable = firstCell is "setting" or "key";
                continue;
            }

            string? prefix = null;
            foreach (var token in Backticked().Matches(firstCell).Select(match => match.Groups[1].Value))
            {
                var key = token.StartsWith("…:", StringComparison.Ordinal) ? prefix + token[2..]
                    : token.Contains(':', StringComparison.Ordinal) ? token
                    : prefix is not null && Name().IsMatch(token) ? prefix + token
                    : null;

                // `ChatGrpc:Access:…` points to another table; a continuation needs a key before it.
                if (key is null || key.EndsWith('…') || key.StartsWith(':'))
                {
                    continue;
                }

                prefix = key[..(key.LastIndexOf(':') + 1)];
                if (key.StartsWith("ChatGrpc:", StringComparison.Ordinal) || key.StartsWith("ConnectionStrings:", StringComparison.Ordinal))
                {
                    keys.Add(key);
                }
            }
        }

        return keys;
    }

    /// <summary>Every options type of the server that its registrations configure.</summary>
    private static IEnumerable<Type> RegisteredOptionsTypes() =>
        ServerServices([])
            .Where(descriptor => descriptor.ServiceType.IsGenericType && descriptor.ServiceType.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
            .Select(descriptor => descriptor.ServiceType.GetGenericArguments()[0])
            .Where(type => type.Assembly == Server)
            .Distinct();

    private static IServiceCollection ServerServices(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddChatGrpc();
        builder.Services.AddChatGrpcTelemetry(builder.Configuration);
        return builder.Services;
    }

    /// <summary>
    /// Every key the server's options types bind: a type with a <c>SectionName</c> is bound whole from it; any other
    /// binds each property from the section its <c>&lt;Property&gt;SectionName</c> names.
    /// </summary>
    private static List<Leaf> BoundLeaves()
    {
        var leaves = new List<Leaf>();
        foreach (var root in RegisteredOptionsTypes())
        {
            if (Constant(root, "SectionName") is { } section)
            {
                Walk(root, root, section, section, [], leaves);
                continue;
            }

            foreach (var property in Bindable(root))
            {
                var own = Constant(root, property.Name + "SectionName")
                    ?? throw new InvalidOperationException($"{root.Name} has neither SectionName nor {property.Name}SectionName: which section binds it?");
                Walk(root, property.PropertyType, own, own, [Step.Of(property)], leaves);
            }
        }

        return leaves;
    }

    private static void Walk(Type root, Type type, string pattern, string sample, List<Step> path, List<Leaf> leaves)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(type))
        {
            leaves.Add(new Leaf(root, pattern, sample, type, path));
        }
        else if (MapValueType(type) is { } value)
        {
            Walk(root, value, pattern + ":<name>", sample + ":sample", [.. path, Step.Entry("sample")], leaves);
        }
        else if (ListItemType(type) is { } item)
        {
            Walk(root, item, pattern + ":<i>", sample + ":0", [.. path, Step.Item(0)], leaves);
        }
        else
        {
            foreach (var property in Bindable(type))
            {
                Walk(root, property.PropertyType, pattern + ":" + property.Name, sample + ":" + property.Name, [.. path, Step.Of(property)], leaves);
            }
        }
    }

    /// <summary>What the configuration binder binds: public instance properties it can set, or fill when they are objects.</summary>
    private static IEnumerable<PropertyInfo> Bindable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0)
            .Where(property => property.SetMethod is { IsPublic: true } || !IsScalar(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType));

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(DateTimeOffset);

    private static Type? MapValueType(Type type) =>
        type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>) && i.GetGenericArguments()[0] == typeof(string))?.GetGenericArguments()[1];

    private static Type? ListItemType(Type type) =>
        type == typeof(string) ? null : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IList<>))?.GetGenericArguments()[0];

    private static string? Constant(Type type, string name) =>
        type.GetField(name, BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field ? (string?)field.GetRawConstantValue() : null;

    /// <summary>A value of <paramref name="type"/> other than <paramref name="current"/>, as configuration text and as bound.</summary>
    private static (string Text, object Value) Sample(Type type, object? current)
    {
        object value = type switch
        {
            _ when type == typeof(bool) => !(current is true),
            _ when type == typeof(string) => "sample-text",
            _ when type == typeof(int) => current is 7 ? 8 : 7,
            _ when type == typeof(long) => current is 7L ? 8L : 7L,
            _ when type == typeof(double) => 0.25,
            _ when type == typeof(decimal) => 1.5m,
            _ when type == typeof(TimeSpan) => TimeSpan.FromSeconds(7),
            _ when type.IsEnum => Enum.GetValues(type).Cast<object>().Last(candidate => !candidate.Equals(current)),
            _ => throw new InvalidOperationException($"No sample value for {type}: add one."),
        };
        Assert.NotEqual(current, value);
        return (Convert.ToString(value, CultureInfo.InvariantCulture)!, value);
    }

    private static string Normalize(string key) => Placeholder().Replace(key, "<>");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ChatGrpc.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("No checkout above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex("^[A-Za-z]+$")]
    private static partial Regex Name();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Placeholder();

    /// <summary>One bound key: its shape (<c>&lt;name&gt;</c>, <c>&lt;i&gt;</c> for a map's keys and a list's indexes), a concrete key, and where its value lands.</summary>
    private sealed record Leaf(Type Root, string Pattern, string SampleKey, Type Type, List<Step> Path)
    {
        public object? Read(object options) => Path.Aggregate<Step, object?>(options, static (current, step) => current is null ? null : step.Read(current));
    }

    private sealed record Step(Func<object, object?> Read)
    {
        public static Step Of(PropertyInfo property) => new(property.GetValue);

        public static Step Entry(string key) => new(map => ((System.Collections.IDictionary)map).Contains(key) ? ((System.Collections.IDictionary)map)[key] : null);

        public static Step Item(int index) => new(list => ((System.Collections.IList)list).Count > index ? ((System.Collections.IList)list)[index] : null);
    }
}
