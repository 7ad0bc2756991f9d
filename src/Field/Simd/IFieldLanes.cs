namespace ZkmlGpu.Field.Simd;

/// <summary>
/// Montgomery arithmetic on <see cref="Lanes"/> elements of one field at once, on structure-of-arrays operands in
/// 29-bit limbs (<see cref="LimbPlanes"/>): limb j of lane k is at <c>Unsafe.Add(ref x, j·xStride + k)</c>.
/// Implemented by the generated AVX-512F and AVX2 kernels and by <see cref="ScalarLanes{TMod}"/>; generic callers
/// are specialised per implementation by the JIT. Results are bit-identical to <see cref="MontgomeryArithmetic{TMod}"/>.
/// </summary>
internal interface IFieldLanes
{
    static abstract int Lanes { get; }
    static abstract bool IsSupported { get; }
    static abstract void Mul(ref uint a, nint aStride, ref uint b, nint bStride, ref uint d, nint dStride);
    static abstract void MulShifted(ref uint a, nint aStride, ref uint bShifted, nint bShiftedStride, ref uint d, nint dStride);
    static abstract void Square(ref uint a, nint aStride, ref uint d, nint dStride);
    static abstract void Add(ref uint a, nint aStride, ref uint b, nint bStride, ref uint d, nint dStride);
    static abstract void Sub(ref uint a, nint aStride, ref uint b, nint bStride, ref uint d, nint dStride);
    static abstract void Butterfly(ref uint x, nint xStride, ref uint y, nint yStride, ref uint wShifted, nint wShiftedStride);
    static abstract void Butterfly4(ref uint q0, nint q0Stride, ref uint q1, nint q1Stride, ref uint q2, nint q2Stride, ref uint q3, nint q3Stride,
        ref uint w1Shifted, nint w1ShiftedStride, ref uint w2Shifted, nint w2ShiftedStride, ref uint w3Shifted, nint w3ShiftedStride);
}
