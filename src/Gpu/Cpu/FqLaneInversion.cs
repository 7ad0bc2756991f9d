using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Gpu.Cpu;

/// <summary>
/// Montgomery's trick on Fq limb planes (<see cref="LimbPlanes"/>) for the batch-affine additions. The lane groups
/// alternate between two chains of prefix products (group g in chain g mod 2), so consecutive products do not wait
/// on each other; lane l of a chain is its own chain over that chain's groups, and all chains' products share one
/// field inversion. Field arithmetic is exact, so the inverses equal the scalar path's.
/// </summary>
internal static class FqLaneInversion
{
    private const int Chains = 2;

    /// <summary>Columns of the scratch buffers: one per lane of each chain.</summary>
    public const int ScratchColumns = Chains * 8;

    /// <summary>The length of each scratch buffer <see cref="Invert{TL}"/> takes.</summary>
    public const int ScratchLength = LimbPlanes.Limbs * ScratchColumns;

    /// <summary>
    /// inverse[i] ← 1/den[i] for columns 0 .. used − 1 (used a multiple of TL.Lanes, padding columns set to 1);
    /// den is left as it was. Every den must be non-zero. laneAcc and laneInv are scratch of <see cref="ScratchLength"/>.
    /// </summary>
    public static void Invert<TL>(ulong[] den, ulong[] inverse, int stride, int used, ulong[] laneAcc, ulong[] laneInv)
        where TL : struct, IFieldLanes
    {
        int lanes = TL.Lanes, s = stride, groups = used / lanes;
        int chains = Math.Min(Chains, groups), step = chains * lanes;
        const int w = ScratchColumns;
        // inverse[i] = product of the same chain and lane's earlier denominators.
        for (int l = 0; l < step; l++) LimbPlanes.Split(Fq.One.Mont, ref inverse[l], s);
        int next = step;
        for (; next + lanes < used && chains == 2; next += 2 * lanes) // the two chains' next products in one call
            TL.Mul2(ref inverse[next - step], s, ref den[next - step], s, ref inverse[next + lanes - step], s, ref den[next + lanes - step], s,
                ref inverse[next], s, ref inverse[next + lanes], s);
        for (; next < used; next += lanes) TL.Mul(ref inverse[next - step], s, ref den[next - step], s, ref inverse[next], s);
        for (int c = 0; c < chains; c++)
        {
            int last = (groups - 1 - (groups - 1 - c) % chains) * lanes; // the chain's last group
            TL.Mul(ref inverse[last], s, ref den[last], s, ref laneAcc[c * lanes], w);
        }
        // One inversion for all chains and lanes: column k's inverse is inv·Π_{m≠k} acc_m.
        int columns = step;
        Span<Fq> acc = stackalloc Fq[ScratchColumns];
        Span<Fq> before = stackalloc Fq[ScratchColumns];
        LimbPlanes.Join(laneAcc, w, acc[..columns]);
        Fq total = Fq.One;
        for (int k = 0; k < columns; k++) { before[k] = total; total *= acc[k]; }
        Fq inv = total.Inverse(), after = Fq.One;
        for (int k = columns - 1; k >= 0; k--)
        {
            LimbPlanes.Split((inv * before[k] * after).Mont, ref laneInv[k], w);
            after *= acc[k];
        }
        // Backward, the chains alternating: inverse[i] becomes 1/den[i].
        int g = groups - 1;
        for (; g >= 1 && chains == 2; g -= 2)
        {
            int i = g * lanes, c = (g % 2) * lanes, j = i - lanes, e = lanes - c; // groups g and g − 1: one of each chain
            TL.Mul2(ref laneInv[c], w, ref inverse[i], s, ref laneInv[e], w, ref inverse[j], s, ref inverse[i], s, ref inverse[j], s);
            TL.Mul2(ref laneInv[c], w, ref den[i], s, ref laneInv[e], w, ref den[j], s, ref laneInv[c], w, ref laneInv[e], w);
        }
        for (; g >= 0; g--)
        {
            int i = g * lanes, c = (g % chains) * lanes;
            TL.Mul(ref laneInv[c], w, ref inverse[i], s, ref inverse[i], s);
            TL.Mul(ref laneInv[c], w, ref den[i], s, ref laneInv[c], w);
        }
    }
}
