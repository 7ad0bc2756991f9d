namespace ZkmlGpu.Zkml.Circuits.Poseidon;

/// <summary>One row of a Poseidon block: its shape and the permutation rounds (indices 0..R−1) it computes.</summary>
internal sealed record PoseidonRow(PoseidonRowKind Kind, int[] Rounds);
