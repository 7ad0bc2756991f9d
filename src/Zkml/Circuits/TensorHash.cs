using ZkmlGpu.Field;
using ZkmlGpu.Merkle;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// The public hash of a hashed tensor (a "hashed" input, output or weight): the <see cref="BoundaryCommitment"/> of
/// its integer values, row-major, with the salt fixed to zero, so anyone who knows the values computes the same
/// element. The circuit lays out the same function with its salt cell constrained to the constant 0
/// (<see cref="Poseidon.BoundaryCommitmentChip.CommitHashed"/>).
/// </summary>
public static class TensorHash
{
    public static Fr Of(IReadOnlyList<long> values) => BoundaryCommitment.Compute(values.Select(Fr.FromInt64).ToArray(), Fr.Zero);
}
