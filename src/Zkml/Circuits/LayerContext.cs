using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// What a chip sees while laying out one node: the graph, the builder, the shared columns, the cells and values
/// of every edge laid out so far, and cells holding model constants.
/// </summary>
public sealed class LayerContext
{
    private readonly Dictionary<string, LayerValue> _edges = new();
    private readonly Dictionary<long, AssignedCell> _constants = new();
    private int _constantRows;

    internal LayerContext(ModelGraph graph, CircuitBuilder builder, LayerColumns columns)
    {
        Graph = graph;
        Builder = builder;
        Columns = columns;
    }

    public ModelGraph Graph { get; }
    public CircuitBuilder Builder { get; }
    public LayerColumns Columns { get; }

    /// <summary>The activation on input <paramref name="index"/> of <paramref name="node"/>; constants are not activations (see <see cref="ConstantInput"/>).</summary>
    public LayerValue Input(Node node, int index)
    {
        string edge = node.Inputs[index];
        return _edges.TryGetValue(edge, out var v) ? v
            : throw new InvalidOperationException($"node '{node.Name}': input '{edge}' is {(Graph.IsConstant(edge) ? "a constant" : "not laid out yet")}");
    }

    /// <summary>Input <paramref name="index"/> as cells whatever it is: an activation's cells, or a constant's cells in the constant column.</summary>
    public LayerValue InputOrConstant(Node node, int index)
    {
        string edge = node.Inputs[index];
        if (_edges.TryGetValue(edge, out var v)) return v;
        long[] data = Graph.FixedConstants.TryGetValue(edge, out var t) ? t.Data
            : throw new InvalidOperationException($"node '{node.Name}': constant '{edge}' is not quantized");
        return new LayerValue(data.Select(ConstantCell).ToArray(), (long[])data.Clone());
    }

    /// <summary>A cell fixed to <paramref name="value"/>: copy it where a gate needs a constant operand. One cell per distinct value.</summary>
    public AssignedCell ConstantCell(long value)
    {
        if (_constants.TryGetValue(value, out var cell)) return cell;
        cell = Builder.Assign(Columns.Constant, _constantRows++, Fr.FromInt64(value));
        _constants.Add(value, cell);
        return cell;
    }

    public bool Has(string edge) => _edges.ContainsKey(edge);

    public LayerValue this[string edge] => _edges[edge];

    internal void Set(string edge, LayerValue value) => _edges[edge] = value;
}
