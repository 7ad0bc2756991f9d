using ZkmlGpu.Field;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Polynomials;
using ZkmlGpu.Prover.Transcript;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// The PLONK side of the multi-point opening: queries are grouped by rotation r (point ω^r·x), in the layout's
/// rotation order, and opened with <see cref="KzgMultiOpen"/> (GWC: one witness per rotation, usually 2–3).
/// </summary>
internal static class Multiopen
{
    /// <summary>One opened polynomial: coefficients (prover) or commitment terms Σ s_i·C_i (verifier), a rotation, the claimed value.</summary>
    public sealed record Query(int Rotation, Fr Value, Fr[]? Coefficients, (G1Affine Point, Fr Scalar)[]? Commitment);

    public static G1Affine[] Prove(ProofLayout layout, EvaluationDomain domain, KzgCommitter committer, IReadOnlyList<Query> queries, Fr x, Fr v) =>
        KzgMultiOpen.Prove(committer, layout.Rotations
            .Select(r => (domain.Rotate(x, r), (IReadOnlyList<Fr[]>)queries.Where(q => q.Rotation == r).Select(q => q.Coefficients!).ToList()))
            .ToList(), v);

    /// <summary>
    /// Absorbs the opening proofs, draws u and returns the folded pairing check (unevaluated). A given
    /// <paramref name="challengeU"/> replaces the drawn u (attack tests only).
    /// </summary>
    public static KzgAccumulator Accumulate(ProofLayout layout, EvaluationDomain domain, G1Affine generator,
        IReadOnlyList<Query> queries, G1Affine[] openingProofs, Fr x, Fr v, KeccakTranscript transcript, Fr? challengeU = null)
    {
        foreach (var w in openingProofs) transcript.AbsorbPoint(w);
        Fr u = challengeU ?? transcript.SqueezeChallenge();
        var groups = layout.Rotations
            .Select(r => (domain.Rotate(x, r), (IReadOnlyList<KzgClaim>)queries.Where(q => q.Rotation == r).Select(q => new KzgClaim(q.Commitment!, q.Value)).ToList()))
            .ToList();
        return KzgMultiOpen.Accumulate(generator, groups, openingProofs, v, u);
    }
}
