using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Prover.Polynomials;

namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>
/// What proving a circuit shape is expected to take, from its size alone: the scheduler's cost (placement order and
/// speeds) and the device memory a placement must leave room for.
/// </summary>
public static class ChunkCost
{
    /// <summary>
    /// Columns the prover holds while proving: fixed, σ, advice and instance columns, three per lookup
    /// (multiplicities, running sum, compressed inputs), the permutation products and the quotient pieces.
    /// </summary>
    public static int Columns(ConstraintSystem cs, int k)
    {
        var layout = new ProofLayout(cs, k);
        return layout.FixedCount + layout.PermutationColumns.Count + layout.AdviceCount + layout.InstanceCount
            + 3 * layout.LookupCount + layout.PermutationChunks + layout.QuotientPieces;
    }

    /// <summary>Expected work, in column-rows: every column's NTTs and commitment grow with 2^k.</summary>
    public static double Work(CircuitShape shape)
    {
        int k = shape.MinimumK;
        return (double)Columns(shape.ConstraintSystem, k) * (1L << k);
    }

    /// <summary>
    /// Device memory to prove the shape, an over-estimate: every column as values, coefficients and on the extended
    /// coset (32 bytes an element), plus the SRS bases (64 bytes a point).
    /// </summary>
    public static long Bytes(CircuitShape shape)
    {
        int k = shape.MinimumK;
        long n = 1L << k;
        long extended = n * new EvaluationDomain(k, shape.ConstraintSystem.Degree).ExtensionFactor;
        return Columns(shape.ConstraintSystem, k) * (2 * n + extended) * 32 + 64 * n;
    }
}
