using System.Runtime.CompilerServices;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Gpu.Cpu;

/// <summary>
/// The end of a batch-affine addition on Fq limb planes, once the denominators are inverted
/// (<see cref="FqLaneInversion"/>): λ = num·inv, x3 = λ² − x1 − x2, y3 = λ(x1 − x3) − y1, one lane group at a time.
/// </summary>
internal static class AffineLaneAddition
{
    /// <summary>
    /// For the lane group at the given references (stride s): λ replaces <paramref name="num"/>; x3 and y3 are written
    /// last, so y3 may alias x2 and x3 may alias a buffer read only as num or inv before.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Complete<TL>(ref ulong num, ref ulong inv, ref ulong x1, ref ulong x2, ref ulong y1, ref ulong x3, ref ulong y3, int s)
        where TL : struct, IFieldLanes
    {
        TL.Mul(ref num, s, ref inv, s, ref num, s);  // λ
        TL.Square(ref num, s, ref x3, s);            // λ²
        TL.Sub(ref x3, s, ref x1, s, ref x3, s);
        TL.Sub(ref x3, s, ref x2, s, ref x3, s);     // x3 = λ² − x1 − x2
        TL.Sub(ref x1, s, ref x3, s, ref y3, s);
        TL.Mul(ref num, s, ref y3, s, ref y3, s);
        TL.Sub(ref y3, s, ref y1, s, ref y3, s);     // y3 = λ(x1 − x3) − y1
    }
}
