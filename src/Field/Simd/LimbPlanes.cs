using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ZkmlGpu.Field.Simd;

/// <summary>
/// Conversions between the 4×64-bit Montgomery form (<see cref="U256"/>) and the structure-of-arrays form of the
/// vector kernels: 9 planes of 29-bit limbs, limb j of element i at <c>planes[j·stride + i]</c>. Conversions run
/// once per batch, outside the kernels' loops. The "shifted" form holds 2^5 times the value (below 2^259), which a
/// product's second operand needs (see <see cref="IFieldLanes"/>); constant tables are stored shifted.
/// </summary>
internal static class LimbPlanes
{
    public const int Limbs = 9;
    private const ulong Mask = (1UL << 29) - 1;

    /// <summary>The plane stride for n elements: n rounded up to a multiple of 8 lanes.</summary>
    public static int StrideFor(int n) => (n + 7) & ~7;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Split(in U256 x, ref uint plane0, nint stride)
    {
        ulong u0 = x.U0, u1 = x.U1, u2 = x.U2, u3 = x.U3;
        plane0 = (uint)(u0 & Mask);
        Unsafe.Add(ref plane0, stride) = (uint)((u0 >> 29) & Mask);
        Unsafe.Add(ref plane0, 2 * stride) = (uint)(((u0 >> 58) | (u1 << 6)) & Mask);
        Unsafe.Add(ref plane0, 3 * stride) = (uint)((u1 >> 23) & Mask);
        Unsafe.Add(ref plane0, 4 * stride) = (uint)(((u1 >> 52) | (u2 << 12)) & Mask);
        Unsafe.Add(ref plane0, 5 * stride) = (uint)((u2 >> 17) & Mask);
        Unsafe.Add(ref plane0, 6 * stride) = (uint)(((u2 >> 46) | (u3 << 18)) & Mask);
        Unsafe.Add(ref plane0, 7 * stride) = (uint)((u3 >> 11) & Mask);
        Unsafe.Add(ref plane0, 8 * stride) = (uint)(u3 >> 40);
    }

    /// <summary>As <see cref="Split"/> for 2^5·x (x below 2^256 − 2^251, as every reduced element is).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SplitShifted(in U256 x, ref uint plane0, nint stride)
    {
        ulong u0 = x.U0, u1 = x.U1, u2 = x.U2, u3 = x.U3;
        plane0 = (uint)((u0 << 5) & Mask);
        Unsafe.Add(ref plane0, stride) = (uint)((u0 >> 24) & Mask);
        Unsafe.Add(ref plane0, 2 * stride) = (uint)(((u0 >> 53) | (u1 << 11)) & Mask);
        Unsafe.Add(ref plane0, 3 * stride) = (uint)((u1 >> 18) & Mask);
        Unsafe.Add(ref plane0, 4 * stride) = (uint)(((u1 >> 47) | (u2 << 17)) & Mask);
        Unsafe.Add(ref plane0, 5 * stride) = (uint)((u2 >> 12) & Mask);
        Unsafe.Add(ref plane0, 6 * stride) = (uint)(((u2 >> 41) | (u3 << 23)) & Mask);
        Unsafe.Add(ref plane0, 7 * stride) = (uint)((u3 >> 6) & Mask);
        Unsafe.Add(ref plane0, 8 * stride) = (uint)(u3 >> 35);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Join(ref uint plane0, nint stride)
    {
        ulong l0 = plane0, l1 = Unsafe.Add(ref plane0, stride), l2 = Unsafe.Add(ref plane0, 2 * stride);
        ulong l3 = Unsafe.Add(ref plane0, 3 * stride), l4 = Unsafe.Add(ref plane0, 4 * stride), l5 = Unsafe.Add(ref plane0, 5 * stride);
        ulong l6 = Unsafe.Add(ref plane0, 6 * stride), l7 = Unsafe.Add(ref plane0, 7 * stride), l8 = Unsafe.Add(ref plane0, 8 * stride);
        return new U256(
            l0 | (l1 << 29) | (l2 << 58),
            (l2 >> 6) | (l3 << 23) | (l4 << 52),
            (l4 >> 12) | (l5 << 17) | (l6 << 46),
            (l6 >> 18) | (l7 << 11) | (l8 << 40));
    }

    /// <summary>Copies one element between planes (the strides may differ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(ref uint from, nint fromStride, ref uint to, nint toStride)
    {
        for (int j = 0; j < Limbs; j++) Unsafe.Add(ref to, j * toStride) = Unsafe.Add(ref from, j * fromStride);
    }

    /// <summary>Whether two elements are equal; for reduced elements, exactly when their values are.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Equal(ref uint a, nint aStride, ref uint b, nint bStride)
    {
        for (int j = 0; j < Limbs; j++)
            if (Unsafe.Add(ref a, j * aStride) != Unsafe.Add(ref b, j * bStride)) return false;
        return true;
    }

    /// <summary>c in 8 lanes (stride 8), shifted for a product's second operand: serves every lane width.</summary>
    public static uint[] Broadcast(in U256 c, bool shifted)
    {
        var lanes = new uint[Limbs * 8];
        for (int k = 0; k < 8; k++)
            if (shifted) SplitShifted(c, ref lanes[k], 8);
            else Split(c, ref lanes[k], 8);
        return lanes;
    }

    /// <summary>Writes values[i] to column offset + i of the planes.</summary>
    public static void Split(ReadOnlySpan<U256> values, Span<uint> planes, int stride, int offset = 0, bool shifted = false)
    {
        CheckRange(planes.Length, stride, offset + values.Length);
        ref uint p0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(planes), offset);
        if (shifted) for (int i = 0; i < values.Length; i++) SplitShifted(values[i], ref Unsafe.Add(ref p0, i), stride);
        else for (int i = 0; i < values.Length; i++) Split(values[i], ref Unsafe.Add(ref p0, i), stride);
    }

    /// <summary>Reads columns offset .. offset + values.Length − 1 of the planes (unshifted) into values.</summary>
    public static void Join(ReadOnlySpan<uint> planes, int stride, Span<U256> values, int offset = 0)
    {
        CheckRange(planes.Length, stride, offset + values.Length);
        ref uint p0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(planes), offset);
        for (int i = 0; i < values.Length; i++) values[i] = Join(ref Unsafe.Add(ref p0, i), stride);
    }

    public static void Split(ReadOnlySpan<Fr> values, Span<uint> planes, int stride, int offset = 0, bool shifted = false) =>
        Split(MemoryMarshal.Cast<Fr, U256>(values), planes, stride, offset, shifted);

    public static void Join(ReadOnlySpan<uint> planes, int stride, Span<Fr> values, int offset = 0) =>
        Join(planes, stride, MemoryMarshal.Cast<Fr, U256>(values), offset);

    public static void Split(ReadOnlySpan<Fq> values, Span<uint> planes, int stride, int offset = 0, bool shifted = false) =>
        Split(MemoryMarshal.Cast<Fq, U256>(values), planes, stride, offset, shifted);

    public static void Join(ReadOnlySpan<uint> planes, int stride, Span<Fq> values, int offset = 0) =>
        Join(planes, stride, MemoryMarshal.Cast<Fq, U256>(values), offset);

    private static void CheckRange(int planesLength, int stride, int columns)
    {
        if (columns > stride || (long)Limbs * stride > planesLength)
            throw new ArgumentException($"The planes hold {Limbs}×{stride} limbs; {columns} columns were asked for.");
    }
}
