namespace ZkmlGpu.Zkml.Model;

/// <summary>
/// The intermediate representation both importers (ONNX, zkml msgpack) produce: a topologically ordered list of
/// typed nodes over edges with static shapes. Constants are real tensors after import; the quantizer turns a graph
/// into one whose every edge has a scale and whose constants are integers (<see cref="FixedConstants"/>).
/// </summary>
public sealed class ModelGraph
{
    public ModelGraph(string name, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IReadOnlyList<Node> nodes,
        IReadOnlyDictionary<string, ValueInfo> values, IReadOnlyDictionary<string, Tensor<double>> constants,
        IReadOnlyDictionary<string, Tensor<long>>? fixedConstants = null)
    {
        Name = name;
        Inputs = inputs;
        Outputs = outputs;
        Nodes = nodes;
        Values = values;
        Constants = constants;
        FixedConstants = fixedConstants ?? new Dictionary<string, Tensor<long>>();
        Validate();
    }

    /// <summary>Model name (the file name for imported models), used in error messages.</summary>
    public string Name { get; }
    public IReadOnlyList<string> Inputs { get; }
    public IReadOnlyList<string> Outputs { get; }
    /// <summary>Nodes in topological order.</summary>
    public IReadOnlyList<Node> Nodes { get; }
    /// <summary>Every edge (inputs, constants, node outputs) by name.</summary>
    public IReadOnlyDictionary<string, ValueInfo> Values { get; }
    /// <summary>Real-valued constants (weights, biases) as imported.</summary>
    public IReadOnlyDictionary<string, Tensor<double>> Constants { get; }
    /// <summary>Integer constants at their edge's scale; filled by quantization (or directly by a fixed-point importer).</summary>
    public IReadOnlyDictionary<string, Tensor<long>> FixedConstants { get; }

    public bool IsQuantized => Values.Values.All(v => v.Scale is not null);

    public bool IsConstant(string name) => Constants.ContainsKey(name) || FixedConstants.ContainsKey(name);

    public ValueInfo this[string name] => Values.TryGetValue(name, out var v) ? v
        : throw new ModelFormatException($"model '{Name}': no edge named '{name}'");

    // Topological order and edge existence, so later passes can rely on them.
    private void Validate()
    {
        var known = new HashSet<string>(Inputs);
        known.UnionWith(Constants.Keys);
        known.UnionWith(FixedConstants.Keys);
        foreach (string name in known)
            if (!Values.ContainsKey(name)) throw new ModelFormatException($"model '{Name}': edge '{name}' has no shape");
        foreach (var node in Nodes)
        {
            foreach (string input in node.Inputs)
                if (!known.Contains(input))
                    throw new ModelFormatException($"model '{Name}': node '{node.Name}' ({node.Op}) reads '{input}' before it is produced");
            foreach (string output in node.Outputs)
            {
                if (!Values.ContainsKey(output)) throw new ModelFormatException($"model '{Name}': edge '{output}' has no shape");
                if (!known.Add(output)) throw new ModelFormatException($"model '{Name}': edge '{output}' is produced twice");
            }
        }
        foreach (string output in Outputs)
            if (!known.Contains(output)) throw new ModelFormatException($"model '{Name}': output '{output}' is never produced");
    }
}
