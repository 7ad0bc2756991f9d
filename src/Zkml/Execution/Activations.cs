using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Execution;

/// <summary>Every edge's fixed-point values after an integer forward pass (inputs, constants and node outputs).</summary>
public sealed class Activations
{
    private readonly IReadOnlyDictionary<string, long[]> _values;

    internal Activations(ModelGraph graph, IReadOnlyDictionary<string, long[]> values)
    {
        Graph = graph;
        _values = values;
    }

    public ModelGraph Graph { get; }

    public IEnumerable<string> Names => _values.Keys;

    /// <summary>The fixed-point values of an edge, row-major in its shape.</summary>
    public Tensor<long> this[string edge] => new(Graph[edge].Shape, _values.TryGetValue(edge, out var v) ? v : throw new KeyNotFoundException($"no edge '{edge}'"));

    /// <summary>The graph outputs in order.</summary>
    public IReadOnlyList<Tensor<long>> Outputs => Graph.Outputs.Select(o => this[o]).ToList();

    /// <summary>An edge's values as reals: v / 2^scale.</summary>
    public double[] Dequantize(string edge)
    {
        int scale = Graph[edge].Scale ?? 0;
        return _values[edge].Select(x => FixedPoint.Dequantize(x, scale)).ToArray();
    }
}
