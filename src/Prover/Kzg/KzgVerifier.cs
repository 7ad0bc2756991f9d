using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Kzg;

/// <summary>
/// KZG verification of one opening: e(C − v·G1 + z·π, G2) · e(−π, τ·G2) = 1, which holds when π commits to
/// (p − v)/(X − z). Points that are not on the curve make a check fail (return false). Several polynomials and
/// points: <see cref="KzgMultiOpen"/>; many checks at once: <see cref="KzgAccumulator"/>.
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

    /// <summary>e(a, G2) · e(−π, τ·G2) = 1.</summary>
    private static bool PairingCheck(KzgVerifierKey vk, G1Affine a, G1Affine proof) => vk.PairingCheck(a, proof);
}
