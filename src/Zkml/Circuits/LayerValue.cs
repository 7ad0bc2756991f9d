using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// A tensor in the circuit: the cells holding its elements (row-major) and their integer values. Values travel
/// beside the cells because chips compute the next witness from them; in a shape-only synthesis they are zeros.
/// </summary>
public sealed record LayerValue(AssignedCell[] Cells, long[] Values)
{
    public int Length => Cells.Length;

    public LayerValue Select(int[] indices) =>
        new(indices.Select(i => Cells[i]).ToArray(), indices.Select(i => Values[i]).ToArray());
}
