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

    private static U256 Get(ref ulong x, nint stride) => LimbPlanes.Join(ref x, stride);
    private static void Set(ref ulong x, nint stride, in U256 v) => LimbPlanes.Split(v, ref x, stride);

    private static U256 GetShifted(ref ulong x, nint stride) => LimbPlanes.JoinShifted(ref x, stride);

    public static void Mul(ref ulong a, nint aStride, ref ulong b, nint bStride, ref ulong d, nint dStride) =>
        Set(ref d, dStride, MontgomeryArithmetic<TMod>.Mul(Get(ref a, aStride), Get(ref b, bStride)));

    public static void MulShifted(ref ulong a, nint aStride, ref ulong bShifted, nint bShiftedStride, ref ulong d, nint dStride) =>
        Set(ref d, dStride, MontgomeryArithmetic<TMod>.Mul(Get(ref a, aStride), GetShifted(ref bShifted, bShiftedStride)));

    public static void Square(ref ulong a, nint aStride, ref ulong d, nint dStride) =>
        Set(ref d, dStride, MontgomeryArithmetic<TMod>.Square(Get(ref a, aStride)));

    public static void Mul2(ref ulong a, nint aStride, ref ulong b, nint bStride, ref ulong e, nint eStride, ref ulong f, nint fStride,
        ref ulong d, nint dStride, ref ulong g, nint gStride)
    {
        Mul(ref a, aStride, ref b, bStride, ref d, dStride);
        Mul(ref e, eStride, ref f, fStride, ref g, gStride);
    }

    public static void Square2(ref ulong a, nint aStride, ref ulong e, nint eStride, ref ulong d, nint dStride, ref ulong g, nint gStride)
    {
        Square(ref a, aStride, ref d, dStride);
        Square(ref e, eStride, ref g, gStride);
    }

    public static void Add(ref ulong a, nint aStride, ref ulong b, nint bStride, ref ulong d, nint dStride) =>
        Set(ref d, dStride, MontgomeryArithmetic<TMod>.Add(Get(ref a, aStride), Get(ref b, bStride)));

    public static void Sub(ref ulong a, nint aStride, ref ulong b, nint bStride, ref ulong d, nint dStride) =>
        Set(ref d, dStride, MontgomeryArithmetic<TMod>.Sub(Get(ref a, aStride), Get(ref b, bStride)));

    public static void Butterfly(ref ulong x, nint xStride, ref ulong y, nint yStride, ref ulong wShifted, nint wShiftedStride)
    {
        U256 u = Get(ref x, xStride), t = MontgomeryArithmetic<TMod>.Mul(Get(ref y, yStride), GetShifted(ref wShifted, wShiftedStride));
        Set(ref x, xStride, MontgomeryArithmetic<TMod>.Add(u, t));
        Set(ref y, yStride, MontgomeryArithmetic<TMod>.Sub(u, t));
    }

    public static void Butterfly4(ref ulong q0, nint q0Stride, ref ulong q1, nint q1Stride, ref ulong q2, nint q2Stride, ref ulong q3, nint q3Stride,
        ref ulong w1Shifted, nint w1ShiftedStride, ref ulong w2Shifted, nint w2ShiftedStride, ref ulong w3Shifted, nint w3ShiftedStride)
    {
        Butterfly(ref q0, q0Stride, ref q1, q1Stride, ref w1Shifted, w1ShiftedStride);
        Butterfly(ref q2, q2Stride, ref q3, q3Stride, ref w1Shifted, w1ShiftedStride);
        Butterfly(ref q0, q0Stride, ref q2, q2Stride, ref w2Shifted, w2ShiftedStride);
        Butterfly(ref q1, q1Stride, ref q3, q3Stride, ref w3Shifted, w3ShiftedStride);
    }
}
