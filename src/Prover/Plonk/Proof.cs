using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// A PLONK proof. Its shape is fixed by the verifying key's <see cref="ProofLayout"/>: commitments in transcript
/// order, the evaluations at x (order: advice queries, fixed queries, σ_j, per chunk Z(x), Z(ωx)[, Z(ω^last·x) if linked],
/// per lookup m(x), Z(x), Z(ωx)), then one opening proof per distinct rotation.
/// </summary>
public sealed class Proof
{
    public required G1Affine[] AdviceCommitments { get; init; }
    public required G1Affine[] LookupMultiplicityCommitments { get; init; }
    public required G1Affine[] PermutationProductCommitments { get; init; }
    public required G1Affine[] LookupSumCommitments { get; init; }
    public required G1Affine[] QuotientCommitments { get; init; }
    public required Fr[] Evaluations { get; init; }
    public required G1Affine[] OpeningProofs { get; init; }

    /// <summary>Throws <see cref="InvalidEncodingException"/> if the counts do not match the layout.</summary>
    internal void CheckShape(ProofLayout layout)
    {
        void Check(string what, int actual, int expected)
        {
            if (actual != expected) throw new InvalidEncodingException($"The proof has {actual} {what}; this verifying key expects {expected}.");
        }
        Check("advice commitments", AdviceCommitments.Length, layout.AdviceCount);
        Check("lookup multiplicity commitments", LookupMultiplicityCommitments.Length, layout.LookupCount);
        Check("permutation product commitments", PermutationProductCommitments.Length, layout.PermutationChunks);
        Check("lookup sum commitments", LookupSumCommitments.Length, layout.LookupCount);
        Check("quotient commitments", QuotientCommitments.Length, layout.QuotientPieces);
        Check("evaluations", Evaluations.Length, layout.EvaluationCount);
        Check("opening proofs", OpeningProofs.Length, layout.Rotations.Count);
    }
}

internal readonly record struct ProductEvaluations(Fr AtX, Fr AtNext, Fr AtLast);
internal readonly record struct LookupEvaluations(Fr Multiplicity, Fr SumAtX, Fr SumAtNext);

/// <summary>The flat evaluation list of a proof, split by argument.</summary>
internal sealed class ProofEvaluations
{
    public ProofEvaluations(ProofLayout layout, Fr[] flat)
    {
        int p = 0;
        Advice = flat[p..(p += layout.AdviceQueries.Count)];
        Fixed = flat[p..(p += layout.FixedQueries.Count)];
        Sigma = flat[p..(p += layout.PermutationColumns.Count)];
        PermutationProducts = new ProductEvaluations[layout.PermutationChunks];
        for (int c = 0; c < layout.PermutationChunks; c++)
        {
            Fr atX = flat[p++], atNext = flat[p++];
            Fr atLast = layout.LinkedChunks && c < layout.PermutationChunks - 1 ? flat[p++] : default;
            PermutationProducts[c] = new ProductEvaluations(atX, atNext, atLast);
        }
        Lookups = new LookupEvaluations[layout.LookupCount];
        for (int l = 0; l < layout.LookupCount; l++) Lookups[l] = new LookupEvaluations(flat[p++], flat[p++], flat[p++]);
        if (p != flat.Length) throw new InvalidEncodingException($"Expected {p} evaluations, got {flat.Length}.");
    }

    public Fr[] Advice { get; }
    public Fr[] Fixed { get; }
    public Fr[] Sigma { get; }
    public ProductEvaluations[] PermutationProducts { get; }
    public LookupEvaluations[] Lookups { get; }
}
