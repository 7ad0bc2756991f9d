using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// Ops that only move elements: no rows and no gates, the output cells are input cells (or constant cells) taken
/// in the order <see cref="Execution.Reindexing"/> defines, so every later copy constraint reaches back to the cell
/// that computed the value.
/// </summary>
public sealed class ReindexChip : ILayerChip
{
    public ReindexChip(ChipSet chips) { }

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.Reshape, OpKind.Flatten, OpKind.Identity];

    public string? Unsupported(ModelGraph graph, Node node) => graph.IsConstant(node.Inputs[0]) ? "reindexing a constant (fold it at import)" : null;

    public int Rows(ModelGraph graph, Node node) => 0;

    public LayerValue Layout(LayerContext context, Node node, Region? region) => context.Input(node, 0);
}
