using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// One block of the quotient numerator on <typeparamref name="TL"/>'s lanes: gates times l_active, the permutation's
/// and the lookups' constraints folded with y, then 1/Z_H, all in limb planes (stride
/// <see cref="CompiledExpression.BlockSize"/>) with each input converted once and the result converted back once.
/// The same constraints in the same order as <see cref="PermutationArgument.AccumulateBlock"/>,
/// <see cref="LookupArgument.AccumulateBlock"/> and <see cref="Vanishing"/>'s scalar fold, bit-identical to them.
/// </summary>
internal sealed class QuotientLanes<TL> where TL : struct, IFieldLanes
{
    private const int Stride = CompiledExpression.BlockSize;
    /// <summary>Plane buffers a thread needs (see <see cref="CreateScratch"/>).</summary>
    private const int Buffers = 8;

    private readonly QuotientContext _q;
    private readonly ulong[] _yShifted, _one, _gamma, _beta, _betaShifted, _omegaStepShifted;
    private readonly ulong[][] _betaDeltaShifted;

    public QuotientLanes(QuotientContext q, Fr y)
    {
        _q = q;
        _yShifted = LimbPlanes.Broadcast(y.Mont, shifted: true);
        _one = LimbPlanes.Broadcast(Fr.One.Mont, shifted: false);
        _gamma = LimbPlanes.Broadcast(q.Gamma.Mont, shifted: false);
        _beta = LimbPlanes.Broadcast(q.Beta.Mont, shifted: false);
        _betaShifted = LimbPlanes.Broadcast(q.Beta.Mont, shifted: true);
        _omegaStepShifted = LimbPlanes.Broadcast(q.Domain.ExtendedOmega.Pow((ulong)TL.Lanes).Mont, shifted: true);
        _betaDeltaShifted = q.DeltaPowers.Select(d => LimbPlanes.Broadcast((q.Beta * d).Mont, shifted: true)).ToArray();
    }

    public static ulong[][] CreateScratch() => Enumerable.Range(0, Buffers).Select(_ => new ulong[LimbPlanes.Limbs * Stride]).ToArray();

    /// <summary>Writes the numerator C/Z_H on extended rows [start, start + output.Length) into output.</summary>
    public void Block(int start, Span<Fr> output, CompiledExpression? gates, Fr[][]? gateScratch,
        Fr[][][] lookupInputs, Fr[][][] lookupTables, Fr[][][] lookupSelectors, ulong[][] planes)
    {
        int len = output.Length;
        Span<ulong> acc = planes[0], l = planes[1];
        if (gates is not null)
        {
            Load(_q.Pk.LActiveExtended, start, len, l);
            SegmentedPlanes<TL>.Mul(gates.EvaluatePlanes<TL>(start, len, gateScratch!), l, acc, Stride);
        }
        else acc.Clear();
        Permutation(start, len, planes);
        for (int i = 0; i < _q.Layout.LookupCount; i++) Lookup(i, start, len, planes, lookupInputs[i], lookupTables[i], lookupSelectors[i]);
        // 1/Z_H repeats with period e along the coset.
        var vanishing = _q.Domain.VanishingInverseOnCoset;
        for (int i = 0; i < len; i++) LimbPlanes.Split(vanishing[(start + i) % vanishing.Length].Mont, ref l[i], Stride);
        SegmentedPlanes<TL>.Mul(acc, l, acc, Stride);
        LimbPlanes.Join(acc, Stride, output);
    }

    private void Permutation(int start, int len, ulong[][] planes)
    {
        var layout = _q.Layout;
        if (layout.PermutationChunks == 0) return;
        int ext = _q.Domain.ExtendedN, e = _q.Domain.ExtensionFactor;
        int shiftLast = (int)((long)layout.LastRow * e % ext);
        var z = _q.PermutationExtended;
        var pk = _q.Pk;
        Span<ulong> acc = planes[0], l = planes[1], t = planes[2], w = planes[3], left = planes[4], right = planes[5], v = planes[6], x = planes[7];
        if (layout.LinkedChunks)
        {
            // l_0·(1 − Z_0), l_last·(Z_last − 1), and l_0·(Z_c(X) − Z_{c−1}(ω^last·X)).
            Load(pk.L0Extended, start, len, l);
            Load(z[0], start, len, t);
            SegmentedPlanes<TL>.ConstantSub(_one, t, t, Stride);
            MulFold(acc, t, l);
            Load(pk.LLastExtended, start, len, l);
            Load(z[^1], start, len, t);
            SegmentedPlanes<TL>.SubConstant(t, _one, t, Stride);
            MulFold(acc, t, l);
            Load(pk.L0Extended, start, len, l);
            for (int c = 1; c < layout.PermutationChunks; c++)
            {
                Load(z[c], start, len, t);
                Load(z[c - 1], start + shiftLast, len, w);
                SegmentedPlanes<TL>.Sub(t, w, t, Stride);
                MulFold(acc, t, l);
            }
        }
        else
        {
            // l_0·(1 − Z_c) for every chunk, then l_last·(Π_c Z_c − 1).
            Load(pk.L0Extended, start, len, l);
            for (int c = 0; c < layout.PermutationChunks; c++)
            {
                Load(z[c], start, len, t);
                SegmentedPlanes<TL>.ConstantSub(_one, t, t, Stride);
                MulFold(acc, t, l);
            }
            Load(z[0], start, len, t);
            for (int c = 1; c < layout.PermutationChunks; c++)
            {
                Load(z[c], start, len, w);
                SegmentedPlanes<TL>.Mul(t, w, t, Stride);
            }
            SegmentedPlanes<TL>.SubConstant(t, _one, t, Stride);
            Load(pk.LLastExtended, start, len, l);
            MulFold(acc, t, l);
        }
        // l_active·(Z_c(ωX)·Π(v + βσ + γ) − Z_c(X)·Π(v + βδ^j X + γ)), X the coset point g·ω_ext^i.
        CosetPoints(start, x);
        Load(pk.LActiveExtended, start, len, l);
        for (int c = 0; c < layout.PermutationChunks; c++)
        {
            Load(z[c], start + e, len, left);
            Load(z[c], start, len, right);
            int j = c * layout.ChunkSize;
            foreach (var column in layout.ChunkColumns(c))
            {
                Load(_q.Extended(column), start, len, v);
                SegmentedPlanes<TL>.AddConstant(v, _gamma, v, Stride);
                Load(pk.SigmaExtended[j], start, len, w);
                SegmentedPlanes<TL>.MulConstant(w, _betaShifted, w, Stride);
                SegmentedPlanes<TL>.Add(w, v, w, Stride);
                SegmentedPlanes<TL>.Mul(left, w, left, Stride);
                SegmentedPlanes<TL>.MulConstant(x, _betaDeltaShifted[j], t, Stride);
                SegmentedPlanes<TL>.Add(t, v, t, Stride);
                SegmentedPlanes<TL>.Mul(right, t, right, Stride);
                j++;
            }
            SegmentedPlanes<TL>.Sub(left, right, t, Stride);
            MulFold(acc, t, l);
        }
    }

    private void Lookup(int index, int start, int len, ulong[][] planes, Fr[][] inputScratch, Fr[][] tableScratch, Fr[][] selectorScratch)
    {
        int e = _q.Domain.ExtensionFactor;
        var pk = _q.Pk;
        Span<ulong> acc = planes[0], l = planes[1], z = planes[2], w = planes[3], v = planes[4], spare = planes[5];
        // Each expression's result lives in its own scratch, so the three stay valid together.
        Span<ulong> a = _q.LookupInputs[index].EvaluatePlanes<TL>(start, len, inputScratch);
        Span<ulong> t = _q.LookupTables[index].EvaluatePlanes<TL>(start, len, tableScratch);
        Span<ulong> s = _q.LookupSelectors[index].EvaluatePlanes<TL>(start, len, selectorScratch);
        var sums = _q.LookupSumsExtended[index];
        Load(sums, start, len, z);
        Load(pk.L0Extended, start, len, l);
        MulFold(acc, z, l, product: spare);
        Load(pk.LLastExtended, start, len, l);
        MulFold(acc, z, l, product: spare);
        // (Z(ωX) − Z(X))·(A + β)·(T + β) − s·(T + β) + m·(A + β)
        SegmentedPlanes<TL>.AddConstant(a, _beta, a, Stride);
        SegmentedPlanes<TL>.AddConstant(t, _beta, t, Stride);
        Load(sums, start + e, len, w);
        SegmentedPlanes<TL>.Sub(w, z, w, Stride);
        SegmentedPlanes<TL>.Mul(w, a, w, Stride);
        SegmentedPlanes<TL>.Mul(w, t, w, Stride);
        SegmentedPlanes<TL>.Mul(s, t, v, Stride);
        SegmentedPlanes<TL>.Sub(w, v, w, Stride);
        Load(_q.LookupMultiplicitiesExtended[index], start, len, v);
        SegmentedPlanes<TL>.Mul(v, a, v, Stride);
        SegmentedPlanes<TL>.Add(w, v, w, Stride);
        Load(pk.LActiveExtended, start, len, l);
        MulFold(acc, w, l);
    }

    /// <summary>acc ← acc·y + term·factor, the product written to product (by default over term).</summary>
    private void MulFold(Span<ulong> acc, Span<ulong> term, Span<ulong> factor) => MulFold(acc, term, factor, term);

    private void MulFold(Span<ulong> acc, Span<ulong> term, Span<ulong> factor, Span<ulong> product)
    {
        SegmentedPlanes<TL>.Mul(term, factor, product, Stride);
        SegmentedPlanes<TL>.MulConstant(acc, _yShifted, acc, Stride);
        SegmentedPlanes<TL>.Add(acc, product, acc, Stride);
    }

    /// <summary>g·ω_ext^(start + i) for the block's columns: the first lane group directly, then steps of ω_ext^lanes.</summary>
    private void CosetPoints(int start, Span<ulong> x)
    {
        Fr point = _q.Domain.CosetShift * _q.Domain.ExtendedOmega.Pow((ulong)start);
        for (int k = 0; k < TL.Lanes; k++) { LimbPlanes.Split(point.Mont, ref x[k], Stride); point *= _q.Domain.ExtendedOmega; }
        for (int g = TL.Lanes; g < Stride; g += TL.Lanes)
            TL.MulShifted(ref x[g - TL.Lanes], Stride, ref _omegaStepShifted[0], 8, ref x[g], Stride);
    }

    /// <summary>src[(index + i) mod length] for i &lt; len into the planes' first columns.</summary>
    private static void Load(Fr[] src, int index, int len, Span<ulong> dst)
    {
        int from = index % src.Length, first = Math.Min(len, src.Length - from);
        LimbPlanes.Split(src.AsSpan(from, first), dst, Stride);
        if (first < len) LimbPlanes.Split(src.AsSpan(0, len - first), dst, Stride, first);
    }
}
