using Mono.Cecil;
using Mono.Cecil.Cil;

namespace ChatGrpc.Tests.Architecture;

/// <summary>
/// Which top-level folders of the server reference which, read from the compiled assembly: every type named in a
/// signature, a base type, an attribute or an instruction of a method body (lambdas and state machines count for the
/// type that wrote them). `using` lines alone would miss fully qualified names and see usings that are not used.
/// </summary>
internal sealed class FolderGraph
{
    private const string RootNamespace = "ChatGrpc.Server";
    private const string RootFolder = "(root)";

    private FolderGraph(IReadOnlyDictionary<string, SortedSet<string>> edges, IReadOnlyDictionary<(string From, string To), SortedSet<string>> reasons)
    {
        Edges = edges;
        Reasons = reasons;
    }

    /// <summary>Each folder's outgoing edges: the other folders its types reference.</summary>
    public IReadOnlyDictionary<string, SortedSet<string>> Edges { get; }

    /// <summary>For each edge, the type pairs that make it, `Referencing -> Referenced`: where to look to remove it.</summary>
    public IReadOnlyDictionary<(string From, string To), SortedSet<string>> Reasons { get; }

    public static FolderGraph Read(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var edges = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var reasons = new Dictionary<(string, string), SortedSet<string>>();
        foreach (var type in module.GetTypes())
        {
            var from = FolderOf(type);
            if (from is null)
            {
                continue;
            }

            var targets = edges.TryGetValue(from, out var existing) ? existing : edges[from] = new(StringComparer.Ordinal);
            foreach (var referenced in ReferencedTypes(type))
            {
                if (FolderOf(referenced) is { } to && to != from)
                {
                    targets.Add(to);
                    var why = reasons.TryGetValue((from, to), out var known) ? known : reasons[(from, to)] = new(StringComparer.Ordinal);
                    why.Add($"{OuterName(type)} -> {OuterName(referenced)}");
                }
            }
        }

        return new FolderGraph(edges, reasons);
    }

    /// <summary>The strongly connected groups of two or more folders: each one a dependency cycle.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        // Tarjan's algorithm over a graph of a few dozen nodes: recursion depth is no concern.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in Edges.TryGetValue(node, out var targets) ? targets : [])
            {
                if (!index.TryGetValue(next, out var nextIndex))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], nextIndex);
                }
            }

            if (low[node] == index[node])
            {
                var group = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    group.Add(member);
                }
                while (member != node);

                if (group.Count > 1)
                {
                    group.Sort(StringComparer.Ordinal);
                    groups.Add(group);
                }
            }
        }

        foreach (var node in Edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return groups;
    }

    /// <summary>One line per folder, `Folder -> A, B`, in name order: what the closing notes quote.</summary>
    public string Describe() => string.Join(
        Environment.NewLine,
        Edges.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} -> {string.Join(", ", pair.Value)}"));

    /// <summary>Every edge with the type pairs that make it, one per line: what to read when an edge must go.</summary>
    public string DescribeReasons() => string.Join(
        Environment.NewLine,
        Reasons.OrderBy(pair => pair.Key.From, StringComparer.Ordinal).ThenBy(pair => pair.Key.To, StringComparer.Ordinal)
            .Select(pair => $"{pair.Key.From} -> {pair.Key.To}: {string.Join(", ", pair.Value)}"));

    private static string OuterName(TypeReference type)
    {
        while (type is TypeSpecification specification)
        {
            type = specification.ElementType;
        }

        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type.Name;
    }

    private static string? FolderOf(TypeReference type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        if (type is TypeSpecification specification)
        {
            return FolderOf(specification.ElementType);
        }

        // The server's namespaces follow its folders, and no other assembly uses them.
        var ns = type.Namespace;
        if (ns == RootNamespace || (ns.Length == 0 && type.Name == "Program" && type.Scope is ModuleDefinition))
        {
            return RootFolder;
        }

        if (!ns.StartsWith(RootNamespace + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[(RootNamespace.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static IEnumerable<TypeReference> ReferencedTypes(TypeDefinition type)
    {
        if (type.BaseType is { } baseType)
        {
            foreach (var t in Expand(baseType)) yield return t;
        }

        foreach (var implemented in type.Interfaces)
        {
            foreach (var t in Expand(implemented.InterfaceType)) yield return t;
        }

        foreach (var t in Attributes(type.CustomAttributes)) yield return t;

        foreach (var field in type.Fields)
        {
            foreach (var t in Expand(field.FieldType)) yield return t;
            foreach (var t in Attributes(field.CustomAttributes)) yield return t;
        }

        foreach (var property in type.Properties)
        {
            foreach (var t in Expand(property.PropertyType)) yield return t;
        }

        foreach (var method in type.Methods)
        {
            foreach (var t in Expand(method.ReturnType)) yield return t;
            foreach (var t in Attributes(method.CustomAttributes)) yield return t;
            foreach (var parameter in method.Parameters)
            {
                foreach (var t in Expand(parameter.ParameterType)) yield return t;
            }

            if (!method.HasBody)
            {
                continue;
            }

            foreach (var variable in method.Body.Variables)
            {
                foreach (var t in Expand(variable.VariableType)) yield return t;
            }

            foreach (var instruction in method.Body.Instructions)
            {
                foreach (var t in Operand(instruction)) yield return t;
            }
        }
    }

    private static IEnumerable<TypeReference> Operand(Instruction instruction) => instruction.Operand switch
    {
        TypeReference type => Expand(type),
        MethodReference method => Expand(method.DeclaringType)
            .Concat(Expand(method.ReturnType))
            .Concat(method.Parameters.SelectMany(parameter => Expand(parameter.ParameterType)))
            .Concat(method is GenericInstanceMethod generic ? generic.GenericArguments.SelectMany(Expand) : []),
        FieldReference field => Expand(field.DeclaringType).Concat(Expand(field.FieldType)),
        _ => [],
    };

    private static IEnumerable<TypeReference> Attributes(IEnumerable<CustomAttribute> attributes) =>
        attributes.SelectMany(attribute => Expand(attribute.AttributeType));

    /// <summary>A type and, for generic instances, arrays and by-refs, every type it is built from.</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference? type)
    {
        if (type is null)
        {
            yield break;
        }

        yield return type;
        if (type is GenericInstanceType generic)
        {
            foreach (var argument in generic.GenericArguments)
            {
                foreach (var t in Expand(argument)) yield return t;
            }
        }

        if (type is TypeSpecification specification)
        {
            foreach (var t in Expand(specification.ElementType)) yield return t;
        }
    }
}
