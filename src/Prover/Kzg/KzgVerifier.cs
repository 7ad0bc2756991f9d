using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Kzg;

/// <summary>What a KZG verifier needs from the SRS: the G1 generator, the G2 generator and τ·G2.</summary>
public sealed class KzgVerifierKey
{
    public KzgVerifierKey(G1Affine g1, G2Affine g2, G2Affine tauG2)
    {
        if (g1.IsInfinity || !g1.IsOnCurve) throw new ArgumentException("G1 must be a non-identity curve point.", nameof(g1));
        if (g2.IsInfinity || !g2.IsInSubgroup) throw new ArgumentException("G2 must be a non-identity point of G2.", nameof(g2));
        if (tauG2.IsInfinity || !tauG2.IsInSubgroup) throw new ArgumentException("τ·G2 must be a non-identity point of G2.", nameof(tauG2));
        G1 = g1;
        G2 = g2;
        TauG2 = tauG2;
        // The G2 side of every check is fixed: precompute its line coefficients once.
        G2Prepared = new G2Prepared(g2);
        TauG2Prepared = new G2Prepared(tauG2);
    }

    public G1Affine G1 { get; }
    public G2Affine G2 { get; }
    public G2Affine TauG2 { get; }
    internal G2Prepared G2Prepared { get; }
    internal G2Prepared TauG2Prepared { get; }
}

/// <summary>One claim "the polynomial committed in Commitment takes Value at Point", with its proof.</summary>
public readonly record struct KzgOpeningClaim(G1Affine Commitment, Fr Point, Fr Value, G1Affine Proof);

/// <summary>
/// KZG verification. Each check is one multi-pairing: e(C − v·G1 + z·π, G2) · e(−π, τ·G2) = 1, which holds when
/// π commits to (p − v)/(X − z). Points that are not on the curve make a check fail (return false).
/// </summary>
public static class KzgVerifier
{
    /// <summary>Checks that <paramref name="commitment"/> opens to <paramref name="value"/> at <paramref name="z"/>.</summary>
    public static bool Verify(KzgVerifierKey vk, G1Affine commitment, Fr z, Fr value, G1Affine proof)
    {
        ArgumentNullException.ThrowIfNull(vk);
        if (!commitment.IsOnCurve || !proof.IsOnCurve) return false;
        var lhs = commitment.ToJacobian() - vk.G1 * value + proof * z;
        return PairingCheck(vk, lhs.ToAffine(), proof);
    }

    /// <summary>Verifies an <see cref="KzgOpening"/> of <paramref name="commitment"/> at <paramref name="z"/>.</summary>
    public static bool Verify(KzgVerifierKey vk, G1Affine commitment, Fr z, KzgOpening opening) =>
        Verify(vk, commitment, z, opening.Value, opening.Proof);

    /// <summary>
    /// Checks a batch opening at one point: commitments[i] opens to values[i] at z, with one proof for Σ γ^i·p_i.
    /// γ must be the same one the prover used (drawn after the commitments and values were fixed).
    /// </summary>
    public static bool VerifyBatch(KzgVerifierKey vk, ReadOnlySpan<G1Affine> commitments, Fr z, ReadOnlySpan<Fr> values, G1Affine proof, Fr gamma)
    {
        ArgumentNullException.ThrowIfNull(vk);
        if (commitments.Length != values.Length)
            throw new ArgumentException($"{commitments.Length} commitments but {values.Length} values.", nameof(values));
        if (commitments.IsEmpty) throw new ArgumentException("Nothing to verify.", nameof(commitments));
        // Horner from the last: C = Σ γ^i·C_i, v = Σ γ^i·v_i.
        var c = G1Jacobian.Infinity;
        Fr v = Fr.Zero;
        for (int i = commitments.Length - 1; i >= 0; i--)
        {
            if (!commitments[i].IsOnCurve) return false;
            c = c * gamma + commitments[i];
            v = v * gamma + values[i];
        }
        return Verify(vk, c.ToAffine(), z, v, proof);
    }

    /// <inheritdoc cref="VerifyBatch(KzgVerifierKey, ReadOnlySpan{G1Affine}, Fr, ReadOnlySpan{Fr}, G1Affine, Fr)"/>
    public static bool VerifyBatch(KzgVerifierKey vk, ReadOnlySpan<G1Affine> commitments, Fr z, KzgBatchOpening opening, Fr gamma)
    {
        ArgumentNullException.ThrowIfNull(opening);
        return VerifyBatch(vk, commitments, z, opening.Values, opening.Proof, gamma);
    }

    /// <summary>
    /// Checks several claims, each at its own point, with one multi-pairing: with fresh random weights r_i,
    /// e(Σ r_i·(C_i − v_i·G1 + z_i·π_i), G2) · e(−Σ r_i·π_i, τ·G2) = 1. A false claim passes with probability
    /// about 1/r. The weights come from a cryptographic RNG, so the prover cannot predict them.
    /// </summary>
    public static bool VerifyMultiPoint(KzgVerifierKey vk, ReadOnlySpan<KzgOpeningClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(vk);
        if (claims.IsEmpty) throw new ArgumentException("Nothing to verify.", nameof(claims));
        var lhs = G1Jacobian.Infinity;
        var proofs = G1Jacobian.Infinity;
        Fr valueSum = Fr.Zero;
        for (int i = 0; i < claims.Length; i++)
        {
            var claim = claims[i];
            if (!claim.Commitment.IsOnCurve || !claim.Proof.IsOnCurve) return false;
            Fr r = i == 0 ? Fr.One : NonZeroRandom(); // one weight can be fixed: only the ratios matter
            lhs += claim.Commitment * r + claim.Proof * (r * claim.Point);
            valueSum += r * claim.Value;
            proofs += claim.Proof * r;
        }
        lhs -= vk.G1 * valueSum;
        return PairingCheck(vk, lhs.ToAffine(), proofs.ToAffine());
    }

    /// <summary>e(a, G2) · e(−π, τ·G2) = 1.</summary>
    private static bool PairingCheck(KzgVerifierKey vk, G1Affine a, G1Affine proof) =>
        Pairing.Check([a, -proof], [vk.G2Prepared, vk.TauG2Prepared]);

    private static Fr NonZeroRandom()
    {
        while (true)
        {
            var r = Fr.RandomSecure();
            if (!r.IsZero) return r;
        }
    }
}
