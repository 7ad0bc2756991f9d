namespace ZkmlGpu.Field.Simd;

/// <summary>
/// Montgomery arithmetic on <see cref="Lanes"/> elements of one field at once, on structure-of-arrays operands in
/// 52-bit limbs (<see cref="LimbPlanes"/>): limb j of lane k is at <c>Unsafe.Add(ref x, j·xStride + k)</c>.
/// Implemented by the generated AVX-512F and AVX2 kernels and by <see cref="ScalarLanes{TMod}"/>; generic callers
/// are specialised per implementation by the JIT. Results are bit-identical to <see cref="MontgomeryArithmetic{TMod}"/>.
/// </summary>
internal interface IFieldLanes
{
    static abstract int Lanes { get; }
    static abstract bool IsSupported { get; }
    static abstract void Mul(ref ulong a, nint aStride, ref ulong b, nint bStride, ref ulong d, nint dStride);
    static abstract void MulShifted(ref ulong a, nint aStride, ref ulong bShifted, nint bShiftedStride, ref ulong d, nint dStride);
    static abstract void Square(ref ulong a, nint aStride, ref ulong d, nint dStride);
    /// <summary>d ← a·b and g ← e·f: two independent products in one call, faster than two calls when each product's
    /// result feeds the next step (the two dependency chains overlap).</summary>
    static abstract void Mul2(ref ulong a, nint aStride, ref ulong b, nint bStride, ref ulong e, nint eStride, ref ulong f, nint fStride,
        ref ulong d, nint dStride, ref ulong g, nint gStride);
    /// <summary>d ← a² and g ← e², as <see cref="Mul2"/>.</summary>
    static abstract void Square2(ref ulong a, nint aStride, ref ulong e, nint eStride, ref ulong d, nint dStride, ref ulong g, nint gStride);
    static abstract void Add(ref ulong a, nint aStride, ref ulong b, nint bStride, ref ulong d, nint dStride);
    static abstract void Sub(ref ulong a, nint aStride, ref ulong b, nint bStride, ref ulong d, nint dStride);
    static abstract void Butterfly(ref ulong x, nint xStride, ref ulong y, nint yStride, ref ulong wShifted, nint wShiftedStride);
    static abstract void Butterfly4(ref ulong q0, nint q0Stride, ref ulong q1, nint q1Stride, ref ulong q2, nint q2Stride, ref ulong q3, nint q3Stride,
        ref ulong w1Shifted, nint w1ShiftedStride, ref ulong w2Shifted, nint w2ShiftedStride, ref ulong w3Shifted, nint w3ShiftedStride);
}
