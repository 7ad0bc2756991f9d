using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Polynomials;

namespace ZkmlGpu.Prover.Kzg;

/// <summary>A polynomial opened at a group's point, as the verifier sees it: its commitment Σ s_i·C_i and claimed value.</summary>
public sealed record KzgClaim(IReadOnlyList<(G1Affine Point, Fr Scalar)> Commitment, Fr Value)
{
    public KzgClaim(G1Affine commitment, Fr value) : this([(commitment, Fr.One)], value) { }
}

/// <summary>
/// Multi-point opening by GWC (Gabizon–Williamson–Ciobotaru, PLONK §3). Polynomials are grouped by the point z_g
/// they are opened at; with a challenge v each group is combined F_g = Σ v^k·p_k and proved by one witness
/// W_g = [(F_g − F_g(z_g))/(X − z_g)]. With a second challenge u the verifier folds every group into one check
///   e(Σ u^g·([F_g] − y_g·G1 + z_g·W_g), G2) = e(Σ u^g·W_g, τ·G2),
/// kept as a <see cref="KzgAccumulator"/>. v must be drawn after the commitments and values are fixed, u after the
/// witnesses (Fiat–Shamir); a batch at one point is the one-group case.
/// </summary>
public static class KzgMultiOpen
{
    /// <summary>One witness per group: groups[g] = (z_g, the polynomials opened there in coefficient form).</summary>
    public static G1Affine[] Prove(KzgCommitter committer, IReadOnlyList<(Fr Point, IReadOnlyList<Fr[]> Polynomials)> groups, Fr v)
    {
        ArgumentNullException.ThrowIfNull(committer);
        ArgumentNullException.ThrowIfNull(groups);
        var witnesses = new G1Affine[groups.Count];
        for (int g = 0; g < groups.Count; g++)
        {
            var (point, polys) = groups[g];
            if (polys.Count == 0) throw new ArgumentException($"Group {g} opens nothing.", nameof(groups));
            int length = polys.Max(p => p.Length);
            var combined = new Fr[length];
            Fr power = Fr.One;
            foreach (var p in polys)
            {
                PolynomialOps.AddScaled(combined, p, power);
                power *= v;
            }
            var quotient = new Fr[Math.Max(0, length - 1)];
            PolynomialOps.DivideByLinear(combined, point, quotient);
            witnesses[g] = committer.Commit(quotient);
        }
        return witnesses;
    }

    /// <summary>The folded check for the claims grouped by point (see the class summary), not yet evaluated.</summary>
    public static KzgAccumulator Accumulate(G1Affine generator, IReadOnlyList<(Fr Point, IReadOnlyList<KzgClaim> Claims)> groups,
        ReadOnlySpan<G1Affine> witnesses, Fr v, Fr u)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (witnesses.Length != groups.Count) throw new ArgumentException($"{groups.Count} groups but {witnesses.Length} witnesses.", nameof(witnesses));
        var acc = new KzgAccumulator();
        Fr uPower = Fr.One, generatorScalar = Fr.Zero;
        for (int g = 0; g < groups.Count; g++)
        {
            var (point, claims) = groups[g];
            if (claims.Count == 0) throw new ArgumentException($"Group {g} opens nothing.", nameof(groups));
            Fr weight = uPower;
            foreach (var claim in claims)
            {
                foreach (var (p, s) in claim.Commitment) acc.AddLeft(p, weight * s);
                generatorScalar -= weight * claim.Value;
                weight *= v;
            }
            acc.AddLeft(witnesses[g], uPower * point);
            acc.AddRight(witnesses[g], uPower);
            uPower *= u;
        }
        acc.AddLeft(generator, generatorScalar);
        return acc;
    }

    /// <summary>Accumulates and checks at once; points off the curve make it fail.</summary>
    public static bool Verify(KzgVerifierKey vk, IReadOnlyList<(Fr Point, IReadOnlyList<KzgClaim> Claims)> groups,
        ReadOnlySpan<G1Affine> witnesses, Fr v, Fr u, IComputeDevice device)
    {
        ArgumentNullException.ThrowIfNull(vk);
        foreach (var w in witnesses) if (!w.IsOnCurve) return false;
        foreach (var (_, claims) in groups)
            foreach (var c in claims)
                foreach (var (p, _) in c.Commitment) if (!p.IsOnCurve) return false;
        return Accumulate(vk.G1, groups, witnesses, v, u).Check(vk, device);
    }
}
