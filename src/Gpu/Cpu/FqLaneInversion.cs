using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Gpu.Cpu;

/// <summary>
/// Montgomery's trick on Fq limb planes (<see cref="LimbPlanes"/>) for the batch-affine additions: lane l of the
/// prefix products is its own chain over columns l, l + L, …, and the L chains' products share one field inversion.
/// Field arithmetic is exact, so the inverses equal the scalar path's.
/// </summary>
internal static class FqLaneInversion
{
    /// <summary>
    /// inverse[i] ← 1/den[i] for columns 0 .. used − 1 (used a multiple of TL.Lanes, padding columns set to 1);
    /// den is left as it was. Every den must be non-zero. laneAcc and laneInv are scratch of 9×8 limbs each.
    /// </summary>
    public static void Invert<TL>(ulong[] den, ulong[] inverse, int stride, int used, ulong[] laneAcc, ulong[] laneInv)
        where TL : struct, IFieldLanes
    {
        int lanes = TL.Lanes, s = stride;
        // inverse[i] = product of the same lane's earlier denominators.
        for (int l = 0; l < lanes; l++) LimbPlanes.Split(Fq.One.Mont, ref inverse[l], s);
        for (int i = lanes; i < used; i += lanes) TL.Mul(ref inverse[i - lanes], s, ref den[i - lanes], s, ref inverse[i], s);
        int last = used - lanes;
        TL.Mul(ref inverse[last], s, ref den[last], s, ref laneAcc[0], 8);
        // One inversion for all chains: lane l's inverse is inv·Π_{m≠l} acc_m.
        Span<Fq> acc = stackalloc Fq[8];
        Span<Fq> before = stackalloc Fq[8];
        LimbPlanes.Join(laneAcc, 8, acc[..lanes]);
        Fq total = Fq.One;
        for (int l = 0; l < lanes; l++) { before[l] = total; total *= acc[l]; }
        Fq inv = total.Inverse(), after = Fq.One;
        for (int l = lanes - 1; l >= 0; l--)
        {
            LimbPlanes.Split((inv * before[l] * after).Mont, ref laneInv[l], 8);
            after *= acc[l];
        }
        // Backward: inverse[i] becomes 1/den[i].
        for (int i = last; i >= 0; i -= lanes)
        {
            TL.Mul(ref laneInv[0], 8, ref inverse[i], s, ref inverse[i], s);
            TL.Mul(ref laneInv[0], 8, ref den[i], s, ref laneInv[0], 8);
        }
    }
}
