using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Zkml.Circuits.Poseidon;

/// <summary>
/// A permutation input: a cell copied in (a copy constraint binds it), or a private value the prover assigns
/// directly (a secret salt, which nothing else constrains).
/// </summary>
public readonly record struct PoseidonInput(AssignedCell? Cell, Fr Value)
{
    public static PoseidonInput Of(AssignedCell cell) => new(cell, cell.Value);
    public static PoseidonInput Private(Fr value) => new(null, value);
    public static implicit operator PoseidonInput(AssignedCell cell) => Of(cell);
}
