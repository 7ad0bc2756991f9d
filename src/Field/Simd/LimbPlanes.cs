using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ZkmlGpu.Field.Simd;

/// <summary>
/// Conversions between the 4×64-bit Montgomery form (<see cref="U256"/>) and the structure-of-arrays form of the
/// vector kernels: 5 planes of 52-bit limbs, limb j of element i at <c>planes[j·stride + i]</c>. Conversions run
/// once per batch, outside the kernels' loops. The "shifted" form holds 2^4 times the value (below 2^258), which a
/// product's second operand needs (see <see cref="IFieldLanes"/>); constant tables are stored shifted.
/// </summary>
internal static class LimbPlanes
{
    public const int Limbs = 5;
    private const ulong Mask = (1UL << 52) - 1;

    /// <summary>The plane stride for n elements: n rounded up to a multiple of 8 lanes.</summary>
    public static int StrideFor(int n) => (n + 7) & ~7;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Split(in U256 x, ref ulong plane0, nint stride)
    {
        ulong u0 = x.U0, u1 = x.U1, u2 = x.U2, u3 = x.U3;
        plane0 = u0 & Mask;
        Unsafe.Add(ref plane0, stride) = ((u0 >> 52) | (u1 << 12)) & Mask;
        Unsafe.Add(ref plane0, 2 * stride) = ((u1 >> 40) | (u2 << 24)) & Mask;
        Unsafe.Add(ref plane0, 3 * stride) = ((u2 >> 28) | (u3 << 36)) & Mask;
        Unsafe.Add(ref plane0, 4 * stride) = u3 >> 16;
    }

    /// <summary>As <see cref="Split"/> for 2^4·x (x below 2^256 − 2^252, as every reduced element is).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SplitShifted(in U256 x, ref ulong plane0, nint stride)
    {
        ulong u0 = x.U0, u1 = x.U1, u2 = x.U2, u3 = x.U3;
        plane0 = (u0 << 4) & Mask;
        Unsafe.Add(ref plane0, stride) = ((u0 >> 48) | (u1 << 16)) & Mask;
        Unsafe.Add(ref plane0, 2 * stride) = ((u1 >> 36) | (u2 << 28)) & Mask;
        Unsafe.Add(ref plane0, 3 * stride) = ((u2 >> 24) | (u3 << 40)) & Mask;
        Unsafe.Add(ref plane0, 4 * stride) = u3 >> 12;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 Join(ref ulong plane0, nint stride)
    {
        ulong l0 = plane0, l1 = Unsafe.Add(ref plane0, stride), l2 = Unsafe.Add(ref plane0, 2 * stride);
        ulong l3 = Unsafe.Add(ref plane0, 3 * stride), l4 = Unsafe.Add(ref plane0, 4 * stride);
        return new U256(
            l0 | (l1 << 52),
            (l1 >> 12) | (l2 << 40),
            (l2 >> 24) | (l3 << 28),
            (l3 >> 36) | (l4 << 16));
    }

    /// <summary>The value of a shifted element divided by 2^4 (exact: a shifted element is 2^4 times a value below 2^256).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static U256 JoinShifted(ref ulong plane0, nint stride)
    {
        ulong l0 = plane0, l1 = Unsafe.Add(ref plane0, stride), l2 = Unsafe.Add(ref plane0, 2 * stride);
        ulong l3 = Unsafe.Add(ref plane0, 3 * stride), l4 = Unsafe.Add(ref plane0, 4 * stride);
        return new U256(
            (l0 >> 4) | (l1 << 48),
            (l1 >> 16) | (l2 << 36),
            (l2 >> 28) | (l3 << 24),
            (l3 >> 40) | (l4 << 12));
    }

    /// <summary>Copies one element between planes (the strides may differ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(ref ulong from, nint fromStride, ref ulong to, nint toStride)
    {
        // Unrolled: a bucket gather or scatter is one call per point.
        to = from;
        Unsafe.Add(ref to, toStride) = Unsafe.Add(ref from, fromStride);
        Unsafe.Add(ref to, 2 * toStride) = Unsafe.Add(ref from, 2 * fromStride);
        Unsafe.Add(ref to, 3 * toStride) = Unsafe.Add(ref from, 3 * fromStride);
        Unsafe.Add(ref to, 4 * toStride) = Unsafe.Add(ref from, 4 * fromStride);
    }

    /// <summary>Whether two elements are equal; for reduced elements, exactly when their values are.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Equal(ref ulong a, nint aStride, ref ulong b, nint bStride)
    {
        return a == b && Unsafe.Add(ref a, aStride) == Unsafe.Add(ref b, bStride)
            && Unsafe.Add(ref a, 2 * aStride) == Unsafe.Add(ref b, 2 * bStride)
            && Unsafe.Add(ref a, 3 * aStride) == Unsafe.Add(ref b, 3 * bStride)
            && Unsafe.Add(ref a, 4 * aStride) == Unsafe.Add(ref b, 4 * bStride);
    }

    /// <summary>c in 8 lanes (stride 8), shifted for a product's second operand: serves every lane width.</summary>
    public static ulong[] Broadcast(in U256 c, bool shifted)
    {
        var lanes = new ulong[Limbs * 8];
        for (int k = 0; k < 8; k++)
            if (shifted) SplitShifted(c, ref lanes[k], 8);
            else Split(c, ref lanes[k], 8);
        return lanes;
    }

    /// <summary>Writes values[i] to column offset + i of the planes.</summary>
    public static void Split(ReadOnlySpan<U256> values, Span<ulong> planes, int stride, int offset = 0, bool shifted = false)
    {
        CheckRange(planes.Length, stride, offset + values.Length);
        ref ulong p0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(planes), offset);
        if (shifted) for (int i = 0; i < values.Length; i++) SplitShifted(values[i], ref Unsafe.Add(ref p0, i), stride);
        else for (int i = 0; i < values.Length; i++) Split(values[i], ref Unsafe.Add(ref p0, i), stride);
    }

    /// <summary>Reads columns offset .. offset + values.Length − 1 of the planes (unshifted) into values.</summary>
    public static void Join(ReadOnlySpan<ulong> planes, int stride, Span<U256> values, int offset = 0)
    {
        CheckRange(planes.Length, stride, offset + values.Length);
        ref ulong p0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(planes), offset);
        for (int i = 0; i < values.Length; i++) values[i] = Join(ref Unsafe.Add(ref p0, i), stride);
    }

    public static void Split(ReadOnlySpan<Fr> values, Span<ulong> planes, int stride, int offset = 0, bool shifted = false) =>
        Split(MemoryMarshal.Cast<Fr, U256>(values), planes, stride, offset, shifted);

    public static void Join(ReadOnlySpan<ulong> planes, int stride, Span<Fr> values, int offset = 0) =>
        Join(planes, stride, MemoryMarshal.Cast<Fr, U256>(values), offset);

    public static void Split(ReadOnlySpan<Fq> values, Span<ulong> planes, int stride, int offset = 0, bool shifted = false) =>
        Split(MemoryMarshal.Cast<Fq, U256>(values), planes, stride, offset, shifted);

    public static void Join(ReadOnlySpan<ulong> planes, int stride, Span<Fq> values, int offset = 0) =>
        Join(planes, stride, MemoryMarshal.Cast<Fq, U256>(values), offset);

    private static void CheckRange(int planesLength, int stride, int columns)
    {
        if (columns > stride || (long)Limbs * stride > planesLength)
            throw new ArgumentException($"The planes hold {Limbs}×{stride} limbs; {columns} columns were asked for.");
    }
}
