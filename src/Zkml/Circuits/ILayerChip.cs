using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// One op family's constraints: the gates it configures (in its constructor, on the shared
/// <see cref="LayerColumns"/>) and how a node of one of its ops is laid out. <see cref="ModelCircuit"/> asks
/// <see cref="Unsupported"/> and <see cref="Rows"/> from the graph alone (keygen needs no witness) and calls
/// <see cref="Layout"/> once per node, in a region of exactly <see cref="Rows"/> rows named "node (op)".
/// </summary>
public interface ILayerChip
{
    /// <summary>The ops this chip lays out; each op belongs to exactly one chip.</summary>
    IReadOnlyCollection<OpKind> Ops { get; }

    /// <summary>Null when the node can be laid out; otherwise why not (the caller names the model, node and op).</summary>
    string? Unsupported(ModelGraph graph, Node node);

    /// <summary>Rows the node takes, from shapes and constants only. Zero for pure reindexing (no region is made).</summary>
    int Rows(ModelGraph graph, Node node);

    /// <summary>Lays the node out and returns its output (cells and values, row-major). <paramref name="region"/> is null when <see cref="Rows"/> is 0.</summary>
    LayerValue Layout(LayerContext context, Node node, Prover.Plonk.Region? region);
}
