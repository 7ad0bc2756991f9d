using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ZkmlGpu.Field.Simd;

/// <summary>
/// A block of Fr elements in limb planes (see <see cref="LimbPlanes"/>) laid out so that lane k holds the k-th
/// contiguous segment of the block: with stride s (a multiple of the lane count L) and segment length S = s/L,
/// element i = k·S + t sits in column t·L + k. Element-wise kernels do not care about the layout; a running product
/// or sum then runs on all L segments at once (<see cref="ScanProducts"/>, <see cref="ScanSums"/>), and the
/// lane-strided batch inversion (<see cref="InvertNonZero"/>) needs one field inversion per block.
/// Field arithmetic is exact, so every result is bit-identical to the element-by-element scalar pass. The
/// element-wise operations (<see cref="Mul"/>, <see cref="Add"/>, …) work on any layout, the contiguous one too.
/// TL must be an Fr kernel (<see cref="FrLanes512"/>, <see cref="FrLanes256"/>): conversions and the lane
/// inversion are Fr's.
/// </summary>
internal static class SegmentedPlanes<TL> where TL : struct, IFieldLanes
{
    /// <summary>Writes values[i] (values.Length ≤ stride) into its segmented column; other columns are untouched.</summary>
    public static void Split(ReadOnlySpan<Fr> values, Span<ulong> planes, int stride)
    {
        Check(planes.Length, stride, values.Length);
        int lanes = TL.Lanes, segment = stride / lanes;
        ref ulong p0 = ref MemoryMarshal.GetReference(planes);
        for (int k = 0, i = 0; k < lanes && i < values.Length; k++)
            for (int t = 0; t < segment && i < values.Length; t++, i++)
                LimbPlanes.Split(values[i].Mont, ref Unsafe.Add(ref p0, t * lanes + k), stride);
    }

    /// <summary>Reads the first values.Length elements of the block back.</summary>
    public static void Join(ReadOnlySpan<ulong> planes, int stride, Span<Fr> values)
    {
        Check(planes.Length, stride, values.Length);
        int lanes = TL.Lanes, segment = stride / lanes;
        ref ulong p0 = ref MemoryMarshal.GetReference(planes);
        for (int k = 0, i = 0; k < lanes && i < values.Length; k++)
            for (int t = 0; t < segment && i < values.Length; t++, i++)
                values[i] = Fr.FromMontgomery(LimbPlanes.Join(ref Unsafe.Add(ref p0, t * lanes + k), stride));
    }

    /// <summary>Sets every column of the block to value.</summary>
    public static void Fill(Span<ulong> planes, int stride, Fr value)
    {
        Check(planes.Length, stride, 0);
        Span<ulong> limbs = stackalloc ulong[LimbPlanes.Limbs];
        LimbPlanes.Split(value.Mont, ref limbs[0], 1);
        for (int j = 0; j < LimbPlanes.Limbs; j++) planes.Slice(j * stride, stride).Fill(limbs[j]);
    }

    /// <summary>Sets elements from, from + 1, …, stride − 1 (the padding after a short block) to value.</summary>
    public static void FillFrom(Span<ulong> planes, int stride, int from, Fr value)
    {
        Check(planes.Length, stride, from);
        int lanes = TL.Lanes, segment = stride / lanes;
        ref ulong p0 = ref MemoryMarshal.GetReference(planes);
        for (int i = from; i < stride; i++)
            LimbPlanes.Split(value.Mont, ref Unsafe.Add(ref p0, (i % segment) * lanes + i / segment), stride);
    }

    /// <summary>d ← a·b element-wise (d may be a or b).</summary>
    public static void Mul(Span<ulong> a, Span<ulong> b, Span<ulong> d, int stride)
    {
        Check(a.Length, stride, 0); Check(b.Length, stride, 0); Check(d.Length, stride, 0);
        ref ulong ra = ref MemoryMarshal.GetReference(a), rb = ref MemoryMarshal.GetReference(b), rd = ref MemoryMarshal.GetReference(d);
        for (int i = 0; i < stride; i += TL.Lanes)
            TL.Mul(ref Unsafe.Add(ref ra, i), stride, ref Unsafe.Add(ref rb, i), stride, ref Unsafe.Add(ref rd, i), stride);
    }

    /// <summary>d ← a + b element-wise.</summary>
    public static void Add(Span<ulong> a, Span<ulong> b, Span<ulong> d, int stride)
    {
        Check(a.Length, stride, 0); Check(b.Length, stride, 0); Check(d.Length, stride, 0);
        ref ulong ra = ref MemoryMarshal.GetReference(a), rb = ref MemoryMarshal.GetReference(b), rd = ref MemoryMarshal.GetReference(d);
        for (int i = 0; i < stride; i += TL.Lanes)
            TL.Add(ref Unsafe.Add(ref ra, i), stride, ref Unsafe.Add(ref rb, i), stride, ref Unsafe.Add(ref rd, i), stride);
    }

    /// <summary>d ← a − b element-wise.</summary>
    public static void Sub(Span<ulong> a, Span<ulong> b, Span<ulong> d, int stride)
    {
        Check(a.Length, stride, 0); Check(b.Length, stride, 0); Check(d.Length, stride, 0);
        ref ulong ra = ref MemoryMarshal.GetReference(a), rb = ref MemoryMarshal.GetReference(b), rd = ref MemoryMarshal.GetReference(d);
        for (int i = 0; i < stride; i += TL.Lanes)
            TL.Sub(ref Unsafe.Add(ref ra, i), stride, ref Unsafe.Add(ref rb, i), stride, ref Unsafe.Add(ref rd, i), stride);
    }

    /// <summary>d ← a − c for a constant c given as <see cref="LimbPlanes.Broadcast"/>(c, shifted: false).</summary>
    public static void SubConstant(Span<ulong> a, ulong[] c, Span<ulong> d, int stride)
    {
        Check(a.Length, stride, 0); Check(d.Length, stride, 0);
        ref ulong ra = ref MemoryMarshal.GetReference(a), rd = ref MemoryMarshal.GetReference(d);
        ref ulong rc = ref c[0];
        for (int i = 0; i < stride; i += TL.Lanes)
            TL.Sub(ref Unsafe.Add(ref ra, i), stride, ref rc, 8, ref Unsafe.Add(ref rd, i), stride);
    }

    /// <summary>d ← c − a for a constant c given as <see cref="LimbPlanes.Broadcast"/>(c, shifted: false).</summary>
    public static void ConstantSub(ulong[] c, Span<ulong> a, Span<ulong> d, int stride)
    {
        Check(a.Length, stride, 0); Check(d.Length, stride, 0);
        ref ulong ra = ref MemoryMarshal.GetReference(a), rd = ref MemoryMarshal.GetReference(d);
        ref ulong rc = ref c[0];
        for (int i = 0; i < stride; i += TL.Lanes)
            TL.Sub(ref rc, 8, ref Unsafe.Add(ref ra, i), stride, ref Unsafe.Add(ref rd, i), stride);
    }

    /// <summary>d ← a·c for a constant c given as <see cref="LimbPlanes.Broadcast"/>(c, shifted: true).</summary>
    public static void MulConstant(Span<ulong> a, ulong[] cShifted, Span<ulong> d, int stride)
    {
        Check(a.Length, stride, 0); Check(d.Length, stride, 0);
        ref ulong ra = ref MemoryMarshal.GetReference(a), rd = ref MemoryMarshal.GetReference(d);
        ref ulong c = ref cShifted[0];
        for (int i = 0; i < stride; i += TL.Lanes)
            TL.MulShifted(ref Unsafe.Add(ref ra, i), stride, ref c, 8, ref Unsafe.Add(ref rd, i), stride);
    }

    /// <summary>d ← a + c for a constant c given as <see cref="LimbPlanes.Broadcast"/>(c, shifted: false).</summary>
    public static void AddConstant(Span<ulong> a, ulong[] c, Span<ulong> d, int stride)
    {
        Check(a.Length, stride, 0); Check(d.Length, stride, 0);
        ref ulong ra = ref MemoryMarshal.GetReference(a), rd = ref MemoryMarshal.GetReference(d);
        ref ulong rc = ref c[0];
        for (int i = 0; i < stride; i += TL.Lanes)
            TL.Add(ref Unsafe.Add(ref ra, i), stride, ref rc, 8, ref Unsafe.Add(ref rd, i), stride);
    }

    /// <summary>Lane k's element at segment position t.</summary>
    public static Fr Get(ReadOnlySpan<ulong> planes, int stride, int t, int k) =>
        Fr.FromMontgomery(LimbPlanes.Join(ref Unsafe.Add(ref MemoryMarshal.GetReference(planes), t * TL.Lanes + k), stride));

    /// <summary>
    /// Every element of the block replaced by its inverse: Montgomery's trick run down each lane's column, then the
    /// L lane products inverted together. Throws <see cref="DivideByZeroException"/> if any element is zero
    /// (callers fill padding columns with a non-zero value). scratch holds as many limbs as planes.
    /// </summary>
    public static void InvertNonZero(Span<ulong> planes, Span<ulong> scratch, int stride)
    {
        Check(planes.Length, stride, 0);
        Check(scratch.Length, stride, 0);
        int lanes = TL.Lanes, groups = stride / lanes;
        ref ulong x = ref MemoryMarshal.GetReference(planes);
        ref ulong prefix = ref MemoryMarshal.GetReference(scratch);
        // prefix[g] = product of groups before g, lane by lane; acc the running product (stride L).
        Span<ulong> acc = stackalloc ulong[LimbPlanes.Limbs * 8];
        ref ulong a = ref acc[0];
        Copy(ref x, stride, ref a, lanes);
        for (int g = 1; g < groups; g++)
        {
            Copy(ref a, lanes, ref Unsafe.Add(ref prefix, g * lanes), stride);
            TL.Mul(ref a, lanes, ref Unsafe.Add(ref x, g * lanes), stride, ref a, lanes);
        }
        Span<Fr> totals = stackalloc Fr[lanes];
        for (int k = 0; k < lanes; k++)
        {
            totals[k] = Fr.FromMontgomery(LimbPlanes.Join(ref acc[k], lanes));
            if (totals[k].IsZero) throw new DivideByZeroException("Batch inversion met a zero element.");
        }
        FieldBatch.Invert(totals);
        for (int k = 0; k < lanes; k++) LimbPlanes.Split(totals[k].Mont, ref acc[k], lanes);
        // Backwards: x[g]⁻¹ = acc·prefix[g], then acc ← acc·x[g] is the inverse of the product of groups before g.
        for (int g = groups - 1; g >= 1; g--)
        {
            ref ulong xg = ref Unsafe.Add(ref x, g * lanes);
            ref ulong pg = ref Unsafe.Add(ref prefix, g * lanes);
            TL.Mul(ref a, lanes, ref pg, stride, ref pg, stride);
            TL.Mul(ref a, lanes, ref xg, stride, ref a, lanes);
            Copy(ref pg, stride, ref xg, stride);
        }
        Copy(ref a, lanes, ref x, stride);
    }

    /// <summary>Running product down each lane's segment, in place: element t becomes the product of elements 0..t.</summary>
    public static void ScanProducts(Span<ulong> planes, int stride)
    {
        Check(planes.Length, stride, 0);
        int lanes = TL.Lanes, groups = stride / lanes;
        ref ulong x = ref MemoryMarshal.GetReference(planes);
        for (int g = 1; g < groups; g++)
            TL.Mul(ref Unsafe.Add(ref x, (g - 1) * lanes), stride, ref Unsafe.Add(ref x, g * lanes), stride, ref Unsafe.Add(ref x, g * lanes), stride);
    }

    /// <summary>Running sum down each lane's segment, in place.</summary>
    public static void ScanSums(Span<ulong> planes, int stride)
    {
        Check(planes.Length, stride, 0);
        int lanes = TL.Lanes, groups = stride / lanes;
        ref ulong x = ref MemoryMarshal.GetReference(planes);
        for (int g = 1; g < groups; g++)
            TL.Add(ref Unsafe.Add(ref x, (g - 1) * lanes), stride, ref Unsafe.Add(ref x, g * lanes), stride, ref Unsafe.Add(ref x, g * lanes), stride);
    }

    /// <summary>Multiplies (or adds, when add is set) every element of lane k by perLane[k].</summary>
    public static void ApplyPerLane(Span<ulong> planes, int stride, ReadOnlySpan<Fr> perLane, bool add)
    {
        Check(planes.Length, stride, 0);
        int lanes = TL.Lanes, groups = stride / lanes;
        if (perLane.Length != lanes) throw new ArgumentException($"Expected {lanes} lane values, got {perLane.Length}.", nameof(perLane));
        Span<ulong> factors = stackalloc ulong[LimbPlanes.Limbs * 8];
        for (int k = 0; k < lanes; k++)
            if (add) LimbPlanes.Split(perLane[k].Mont, ref factors[k], lanes);
            else LimbPlanes.SplitShifted(perLane[k].Mont, ref factors[k], lanes);
        ref ulong f = ref factors[0];
        ref ulong x = ref MemoryMarshal.GetReference(planes);
        for (int g = 0; g < groups; g++)
        {
            ref ulong xg = ref Unsafe.Add(ref x, g * lanes);
            if (add) TL.Add(ref xg, stride, ref f, lanes, ref xg, stride);
            else TL.MulShifted(ref xg, stride, ref f, lanes, ref xg, stride);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(ref ulong from, nint fromStride, ref ulong to, nint toStride)
    {
        for (int j = 0; j < LimbPlanes.Limbs; j++)
            for (int k = 0; k < TL.Lanes; k++)
                Unsafe.Add(ref to, j * toStride + k) = Unsafe.Add(ref from, j * fromStride + k);
    }

    private static void Check(int planesLength, int stride, int count)
    {
        if (stride <= 0 || stride % TL.Lanes != 0 || count > stride || (long)LimbPlanes.Limbs * stride > planesLength)
            throw new ArgumentException($"A block of {LimbPlanes.Limbs}×{stride} limbs in {TL.Lanes} lanes cannot hold {count} elements in {planesLength} limbs.");
    }
}
