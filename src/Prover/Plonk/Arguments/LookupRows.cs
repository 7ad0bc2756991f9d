using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>The rows of one lookup as the prover sees them: θ-compressed inputs and table, and the selector weights.</summary>
internal sealed record LookupRows(Fr[] Inputs, Fr[] Table, Fr[] Selector, int UsableRows);
