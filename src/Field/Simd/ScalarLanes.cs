using System.Runtime.CompilerServices;

namespace ZkmlGpu.Field.Simd;

/// <summary>
/// <see cref="IFieldLanes"/> one element at a time with the scalar 4×64-bit arithmetic: the fallback on CPUs
/// without AVX2, and the reference the vector kernels are tested against.
/// </summary>
internal readonly struct ScalarLanes<TMod> : IFieldLanes where TMod : struct, IMontgomeryModulus
{
    public static int Lanes => 1;
    public static bool IsSupported => true;

    private static U256 Get(ref uint x, nint stride) => LimbPlanes.Join(ref x, stride);
    private static void Set(ref uint x, nint stride, in U256 v) => LimbPlanes.Split(v, ref x, stride);

    /// <summary>Undoes the 2^5 factor of a shifted operand (exact: the stored value is below 2^261).</summary>
    private static U256 GetShifted(ref uint x, nint stride)
    {
        Span<uint> limbs = stackalloc uint[LimbPlanes.Limbs];
        for (int j = 0; j < LimbPlanes.Limbs; j++)
        {
            ulong cur = Unsafe.Add(ref x, j * stride), next = j + 1 < LimbPlanes.Limbs ? Unsafe.Add(ref x, (j + 1) * stride) : 0;
            limbs[j] = (uint)(((cur >> 5) | (next << 24)) & ((1UL << 29) - 1));
        }
        return LimbPlanes.Join(ref limbs[0], 1);
    }

    public static void Mul(ref uint a, nint aStride, ref uint b, nint bStride, ref uint d, nint dStride) =>
        Set(ref d, dStride, MontgomeryArithmetic<TMod>.Mul(Get(ref a, aStride), Get(ref b, bStride)));

    public static void MulShifted(ref uint a, nint aStride, ref uint bShifted, nint bShiftedStride, ref uint d, nint dStride) =>
        Set(ref d, dStride, MontgomeryArithmetic<TMod>.Mul(Get(ref a, aStride), GetShifted(ref bShifted, bShiftedStride)));

    public static void Square(ref uint a, nint aStride, ref uint d, nint dStride) =>
        Set(ref d, dStride, MontgomeryArithmetic<TMod>.Square(Get(ref a, aStride)));

    public static void Add(ref uint a, nint aStride, ref uint b, nint bStride, ref uint d, nint dStride) =>
        Set(ref d, dStride, MontgomeryArithmetic<TMod>.Add(Get(ref a, aStride), Get(ref b, bStride)));

    public static void Sub(ref uint a, nint aStride, ref uint b, nint bStride, ref uint d, nint dStride) =>
        Set(ref d, dStride, MontgomeryArithmetic<TMod>.Sub(Get(ref a, aStride), Get(ref b, bStride)));

    public static void Butterfly(ref uint x, nint xStride, ref uint y, nint yStride, ref uint wShifted, nint wShiftedStride)
    {
        U256 u = Get(ref x, xStride), t = MontgomeryArithmetic<TMod>.Mul(Get(ref y, yStride), GetShifted(ref wShifted, wShiftedStride));
        Set(ref x, xStride, MontgomeryArithmetic<TMod>.Add(u, t));
        Set(ref y, yStride, MontgomeryArithmetic<TMod>.Sub(u, t));
    }

    public static void Butterfly4(ref uint q0, nint q0Stride, ref uint q1, nint q1Stride, ref uint q2, nint q2Stride, ref uint q3, nint q3Stride,
        ref uint w1Shifted, nint w1ShiftedStride, ref uint w2Shifted, nint w2ShiftedStride, ref uint w3Shifted, nint w3ShiftedStride)
    {
        Butterfly(ref q0, q0Stride, ref q1, q1Stride, ref w1Shifted, w1ShiftedStride);
        Butterfly(ref q2, q2Stride, ref q3, q3Stride, ref w1Shifted, w1ShiftedStride);
        Butterfly(ref q0, q0Stride, ref q2, q2Stride, ref w2Shifted, w2ShiftedStride);
        Butterfly(ref q1, q1Stride, ref q3, q3Stride, ref w3Shifted, w3ShiftedStride);
    }
}
