using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Polynomials;
using ZkmlGpu.Prover.Transcript;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// Multi-point opening by GWC (Gabizon–Williamson–Ciobotaru, PLONK §3): polynomials are grouped by rotation r
/// (point z_r = ω^r·x); with a challenge v each group is combined F_r = Σ v^k·p_k and proved by one KZG witness
/// W_r = [(F_r − F_r(z_r))/(X − z_r)]. With a second challenge u the verifier folds every group into one check
///   e(Σ u^r·([F_r] − y_r·G + z_r·W_r), H) = e(Σ u^r·W_r, τH),
/// one MSM and one two-pairing product. GWC costs one MSM per rotation (usually 2–3) and is much simpler than
/// SHPLONK, which would save one G1 element and one MSM.
/// </summary>
internal static class Multiopen
{
    /// <summary>One opened polynomial: coefficients (prover) or commitment terms Σ s_i·C_i (verifier), a rotation, the claimed value.</summary>
    public sealed record Query(int Rotation, Fr Value, Fr[]? Coefficients, (G1Affine Point, Fr Scalar)[]? Commitment);

    // ---------------- prover ----------------

    public static G1Affine[] Prove(ProofLayout layout, EvaluationDomain domain, KzgCommitter committer, IReadOnlyList<Query> queries, Fr x, Fr v)
    {
        var proofs = new G1Affine[layout.Rotations.Count];
        for (int g = 0; g < layout.Rotations.Count; g++)
        {
            int rotation = layout.Rotations[g];
            var combined = new Fr[layout.N];
            Fr power = Fr.One;
            foreach (var q in queries.Where(q => q.Rotation == rotation))
            {
                PolynomialOps.AddScaled(combined, q.Coefficients!, power);
                power *= v;
            }
            var quotient = new Fr[layout.N - 1];
            PolynomialOps.DivideByLinear(combined, domain.Rotate(x, rotation), quotient);
            proofs[g] = committer.Commit(quotient);
        }
        return proofs;
    }

    // ---------------- verifier ----------------

    /// <summary>
    /// Absorbs the opening proofs, draws u and returns (left, right) such that the openings hold iff
    /// e(left, H)·e(−right, τH) = 1. A given <paramref name="challengeU"/> replaces the drawn u (attack tests only).
    /// </summary>
    public static (G1Affine Left, G1Affine Right) Reduce(ProofLayout layout, EvaluationDomain domain, IComputeDevice device, G1Affine generator,
        IReadOnlyList<Query> queries, G1Affine[] openingProofs, Fr x, Fr v, KeccakTranscript transcript, Fr? challengeU = null)
    {
        foreach (var w in openingProofs) transcript.AbsorbPoint(w);
        Fr u = challengeU ?? transcript.SqueezeChallenge();
        var points = new List<G1Affine>();
        var scalars = new List<Fr>();
        Fr uPower = Fr.One, generatorScalar = Fr.Zero;
        var rightPoints = new G1Affine[layout.Rotations.Count];
        var rightScalars = new Fr[layout.Rotations.Count];
        for (int g = 0; g < layout.Rotations.Count; g++)
        {
            int rotation = layout.Rotations[g];
            Fr vPower = uPower, value = Fr.Zero;
            foreach (var q in queries.Where(q => q.Rotation == rotation))
            {
                foreach (var (point, scalar) in q.Commitment!) { points.Add(point); scalars.Add(vPower * scalar); }
                value += vPower * q.Value;
                vPower *= v;
            }
            generatorScalar -= value;
            points.Add(openingProofs[g]);
            scalars.Add(uPower * domain.Rotate(x, rotation));
            rightPoints[g] = openingProofs[g];
            rightScalars[g] = uPower;
            uPower *= u;
        }
        points.Add(generator);
        scalars.Add(generatorScalar);
        var left = device.Msm(points.ToArray(), scalars.ToArray()).ToAffine();
        var right = device.Msm(rightPoints, rightScalars).ToAffine();
        return (left, right);
    }
}
