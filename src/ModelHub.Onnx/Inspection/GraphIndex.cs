using ModelHub.Onnx.Protos.Inspect;

namespace ModelHub.Onnx.Inspection;

/// <summary>
/// The wiring of a graph by name: which node produces each value, so that a node named in an ONNX Runtime error can be
/// traced back to the graph inputs it depends on. Nodes inside subgraphs (Loop, If, Scan bodies) lead to the inputs
/// of the node that owns the subgraph.
/// </summary>
public sealed class GraphIndex
{
    private readonly List<string> _inputOrder;
    private readonly HashSet<string> _graphInputs;
    private readonly Dictionary<string, Node> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Node> _byOutput = new(StringComparer.Ordinal);

    internal GraphIndex(GraphProto graph)
    {
        var initializers = graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        _inputOrder = [.. graph.Input.Select(i => i.Name).Where(n => !initializers.Contains(n))];
        _graphInputs = _inputOrder.ToHashSet(StringComparer.Ordinal);
        Add(graph, null);
    }

    /// <summary>The graph inputs the named node depends on, in graph order; empty when the node is unknown.</summary>
    public IReadOnlyList<string> InputsFeeding(string nodeName)
    {
        if (!_byName.TryGetValue(nodeName, out var start))
        {
            return [];
        }

        var found = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<Node>();
        var queue = new Queue<Node>([start]);
        while (queue.TryDequeue(out var node))
        {
            if (!seen.Add(node))
            {
                continue;
            }

            foreach (var input in node.Inputs)
            {
                if (_graphInputs.Contains(input))
                {
                    found.Add(input);
                }
                else if (_byOutput.TryGetValue(input, out var producer))
                {
                    queue.Enqueue(producer);
                }
            }

            if (node.Owner is { } owner)
            {
                queue.Enqueue(owner);
            }
        }

        return [.. _inputOrder.Where(found.Contains)];
    }

    private void Add(GraphProto graph, Node? owner)
    {
        foreach (var proto in graph.Node)
        {
            var node = new Node([.. proto.Input], owner);
            if (proto.Name.Length > 0)
            {
                _byName.TryAdd(proto.Name, node);
            }

            foreach (var output in proto.Output)
            {
                _byOutput.TryAdd(output, node);
            }

            foreach (var attribute in proto.Attribute)
            {
                foreach (var subgraph in attribute.Graphs.Append(attribute.G).OfType<GraphProto>())
                {
                    Add(subgraph, node);
                }
            }
        }
    }

    /// <summary>A class, not a record: two nodes with the same inputs are still two nodes.</summary>
    private sealed class Node(string[] inputs, Node? owner)
    {
        public string[] Inputs { get; } = inputs;

        public Node? Owner { get; } = owner;
    }
}
