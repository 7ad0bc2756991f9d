using System.Runtime.CompilerServices;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Gpu.Cpu;

/// <summary>
/// The end of a batch-affine addition on Fq limb planes, once the denominators are inverted
/// (<see cref="FqLaneInversion"/>): λ = num·inv, x3 = λ² − x1 − x2, y3 = λ(x1 − x3) − y1.
/// </summary>
internal static class AffineLaneAddition
{
    /// <summary>
    /// For columns 0 .. used − 1 (a multiple of TL.Lanes) of the planes at the given references (stride s): λ replaces
    /// <paramref name="num"/>; x3 and y3 are written last, so y3 may alias x2 and x3 may alias a buffer read only as
    /// num or inv before. Lane groups go in pairs, their products two at a time (<see cref="IFieldLanes.Mul2"/>): one
    /// group's steps depend on each other, the two groups' do not, so the core overlaps them.
    /// </summary>
    public static void Complete<TL>(ref ulong num, ref ulong inv, ref ulong x1, ref ulong x2, ref ulong y1, ref ulong x3, ref ulong y3, int s, int used)
        where TL : struct, IFieldLanes
    {
        int lanes = TL.Lanes, i = 0;
        for (; i + 2 * lanes <= used; i += 2 * lanes)
        {
            int j = i + lanes;
            TL.Mul2(ref Unsafe.Add(ref num, i), s, ref Unsafe.Add(ref inv, i), s, ref Unsafe.Add(ref num, j), s, ref Unsafe.Add(ref inv, j), s,
                ref Unsafe.Add(ref num, i), s, ref Unsafe.Add(ref num, j), s);                                      // λ
            TL.Square2(ref Unsafe.Add(ref num, i), s, ref Unsafe.Add(ref num, j), s, ref Unsafe.Add(ref x3, i), s, ref Unsafe.Add(ref x3, j), s); // λ²
            TL.Sub(ref Unsafe.Add(ref x3, i), s, ref Unsafe.Add(ref x1, i), s, ref Unsafe.Add(ref x3, i), s);
            TL.Sub(ref Unsafe.Add(ref x3, j), s, ref Unsafe.Add(ref x1, j), s, ref Unsafe.Add(ref x3, j), s);
            TL.Sub(ref Unsafe.Add(ref x3, i), s, ref Unsafe.Add(ref x2, i), s, ref Unsafe.Add(ref x3, i), s);      // x3 = λ² − x1 − x2
            TL.Sub(ref Unsafe.Add(ref x3, j), s, ref Unsafe.Add(ref x2, j), s, ref Unsafe.Add(ref x3, j), s);
            TL.Sub(ref Unsafe.Add(ref x1, i), s, ref Unsafe.Add(ref x3, i), s, ref Unsafe.Add(ref y3, i), s);
            TL.Sub(ref Unsafe.Add(ref x1, j), s, ref Unsafe.Add(ref x3, j), s, ref Unsafe.Add(ref y3, j), s);
            TL.Mul2(ref Unsafe.Add(ref num, i), s, ref Unsafe.Add(ref y3, i), s, ref Unsafe.Add(ref num, j), s, ref Unsafe.Add(ref y3, j), s,
                ref Unsafe.Add(ref y3, i), s, ref Unsafe.Add(ref y3, j), s);
            TL.Sub(ref Unsafe.Add(ref y3, i), s, ref Unsafe.Add(ref y1, i), s, ref Unsafe.Add(ref y3, i), s);      // y3 = λ(x1 − x3) − y1
            TL.Sub(ref Unsafe.Add(ref y3, j), s, ref Unsafe.Add(ref y1, j), s, ref Unsafe.Add(ref y3, j), s);
        }
        if (i < used) CompleteOne<TL>(ref Unsafe.Add(ref num, i), ref Unsafe.Add(ref inv, i), ref Unsafe.Add(ref x1, i), ref Unsafe.Add(ref x2, i),
            ref Unsafe.Add(ref y1, i), ref Unsafe.Add(ref x3, i), ref Unsafe.Add(ref y3, i), s);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CompleteOne<TL>(ref ulong num, ref ulong inv, ref ulong x1, ref ulong x2, ref ulong y1, ref ulong x3, ref ulong y3, int s)
        where TL : struct, IFieldLanes
    {
        TL.Mul(ref num, s, ref inv, s, ref num, s);
        TL.Square(ref num, s, ref x3, s);
        TL.Sub(ref x3, s, ref x1, s, ref x3, s);
        TL.Sub(ref x3, s, ref x2, s, ref x3, s);
        TL.Sub(ref x1, s, ref x3, s, ref y3, s);
        TL.Mul(ref num, s, ref y3, s, ref y3, s);
        TL.Sub(ref y3, s, ref y1, s, ref y3, s);
    }
}
