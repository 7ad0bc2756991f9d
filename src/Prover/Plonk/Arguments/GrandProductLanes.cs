using System.Buffers;
using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// The permutation grand products and the lookup running sums on <typeparamref name="TL"/>'s lanes: each block of
/// rows is converted once to segmented limb planes (<see cref="SegmentedPlanes{TL}"/>), its terms, batch inversion
/// and running product or sum all run there (<see cref="BlockedScan{TL}"/>), and only the result is converted back.
/// Bit-identical to the scalar passes in <see cref="PermutationArgument"/> and <see cref="LookupArgument"/>.
/// </summary>
internal static class GrandProductLanes<TL> where TL : struct, IFieldLanes
{
    /// <summary>One chunk's z[0 .. u]: z[0] = first, z[i + 1] = z[i]·Π_j (v_j + βδ^j·ω^i + γ) / (v_j + β·σ_j + γ).</summary>
    public static void PermutationChunk(int u, IReadOnlyList<(Fr[] Values, Fr[] Sigma, Fr BetaDelta)> columns, Fr[] omegaPowers, Fr beta, Fr gamma, Fr first, Fr[] z)
    {
        ulong[] gammaPlain = LimbPlanes.Broadcast(gamma.Mont, shifted: false), betaShifted = LimbPlanes.Broadcast(beta.Mont, shifted: true);
        ulong[][] betaDeltaShifted = columns.Select(c => LimbPlanes.Broadcast(c.BetaDelta.Mont, shifted: true)).ToArray();
        BlockedScan<TL>.Run(u, first, sum: false, (start, length, ratio, stride) =>
        {
            int size = LimbPlanes.Limbs * stride;
            ulong[] rented = ArrayPool<ulong>.Shared.Rent(5 * size);
            try
            {
                var all = rented.AsSpan();
                Span<ulong> den = all[..size], x = all.Slice(size, size), v = all.Slice(2 * size, size), t = all.Slice(3 * size, size), s = all.Slice(4 * size, size);
                SegmentedPlanes<TL>.Split(omegaPowers.AsSpan(start, length), x, stride);
                for (int c = 0; c < columns.Count; c++)
                {
                    // The first column's factors are the products themselves (1·f = f).
                    Span<ulong> numFactor = c == 0 ? ratio : t, denFactor = c == 0 ? den : s;
                    SegmentedPlanes<TL>.Split(columns[c].Values.AsSpan(start, length), v, stride);
                    SegmentedPlanes<TL>.AddConstant(v, gammaPlain, v, stride);
                    SegmentedPlanes<TL>.MulConstant(x, betaDeltaShifted[c], numFactor, stride);
                    SegmentedPlanes<TL>.Add(numFactor, v, numFactor, stride);
                    SegmentedPlanes<TL>.Split(columns[c].Sigma.AsSpan(start, length), denFactor, stride);
                    SegmentedPlanes<TL>.MulConstant(denFactor, betaShifted, denFactor, stride);
                    SegmentedPlanes<TL>.Add(denFactor, v, denFactor, stride);
                    if (c == 0) continue;
                    SegmentedPlanes<TL>.Mul(ratio, t, ratio, stride);
                    SegmentedPlanes<TL>.Mul(den, s, den, stride);
                }
                if (length < stride) SegmentedPlanes<TL>.FillFrom(den, stride, length, Fr.One);
                SegmentedPlanes<TL>.InvertNonZero(den, t, stride);
                SegmentedPlanes<TL>.Mul(ratio, den, ratio, stride);
            }
            finally
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }, z);
    }

    /// <summary>z[0 .. u] of a lookup: z[0] = 0, z[i + 1] = z[i] + s_i/(A_i + β) − m_i/(T_i + β).</summary>
    public static void RunningSum(int u, LookupRows rows, Fr[] m, Fr beta, Fr[] z)
    {
        ulong[] betaPlain = LimbPlanes.Broadcast(beta.Mont, shifted: false);
        BlockedScan<TL>.Run(u, Fr.Zero, sum: true, (start, length, terms, stride) =>
        {
            int size = LimbPlanes.Limbs * stride;
            ulong[] rented = ArrayPool<ulong>.Shared.Rent(3 * size);
            try
            {
                var all = rented.AsSpan();
                Span<ulong> a = all[..size], t = all.Slice(size, size), scratch = all.Slice(2 * size, size);
                SegmentedPlanes<TL>.Split(rows.Inputs.AsSpan(start, length), a, stride);
                SegmentedPlanes<TL>.AddConstant(a, betaPlain, a, stride);
                SegmentedPlanes<TL>.Split(rows.Table.AsSpan(start, length), t, stride);
                SegmentedPlanes<TL>.AddConstant(t, betaPlain, t, stride);
                if (length < stride)
                {
                    SegmentedPlanes<TL>.FillFrom(a, stride, length, Fr.One);
                    SegmentedPlanes<TL>.FillFrom(t, stride, length, Fr.One);
                }
                SegmentedPlanes<TL>.InvertNonZero(a, scratch, stride);
                SegmentedPlanes<TL>.InvertNonZero(t, scratch, stride);
                SegmentedPlanes<TL>.Split(rows.Selector.AsSpan(start, length), terms, stride);
                SegmentedPlanes<TL>.Mul(terms, a, terms, stride);
                SegmentedPlanes<TL>.Split(m.AsSpan(start, length), scratch, stride);
                SegmentedPlanes<TL>.Mul(t, scratch, t, stride);
                SegmentedPlanes<TL>.Sub(terms, t, terms, stride);
            }
            finally
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }, z);
    }
}
