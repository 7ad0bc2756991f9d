using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// A PLONK proof. Its shape is fixed by the verifying key's <see cref="ProofLayout"/>: commitments in transcript
/// order, the evaluations at x in the order of <see cref="ProofLayout.Openings"/>, then one opening proof per
/// distinct rotation.
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
