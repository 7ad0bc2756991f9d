using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Zkml.Circuits.Poseidon;

/// <summary>
/// The advice columns of one permutation lane: the state a, b, c (equality-enabled: inputs are copied in, the
/// output is copied out), and per S-box slot the square x² and the output x⁵.
/// </summary>
public sealed record PoseidonLane(Column[] State, Column[] Squares, Column[] Sboxes);
