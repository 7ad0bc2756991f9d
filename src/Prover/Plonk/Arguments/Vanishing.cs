using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;
using ZkmlGpu.Prover.Polynomials;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// The vanishing argument: all constraints folded with powers of y into C(X) must vanish on the usable rows, so
/// h = C/Z_H is a polynomial. The prover evaluates C on the extended coset, divides by Z_H there and interpolates;
/// h (degree below (d−1)(n−1)) is cut into d−1 pieces of n−1 coefficients, blinded PLONK-style
/// (h_i' = h_i − b_i + b_{i+1}·X^{n−1}, which cancels in Σ x^{(n−1)i}·h_i'), and committed. The verifier recomputes
/// C(x) from the evaluations and checks the combined commitment Σ x^{(n−1)i}·[h_i'] opens to C(x)/Z_H(x).
/// Constraint order (both halves): gates (each times l_active), permutation, lookups.
/// </summary>
internal static class Vanishing
{
    // ---------------- prover ----------------

    public static Fr[][] ComputeQuotientPieces(QuotientContext q, Fr y, Func<Fr> random, bool checkWitness)
    {
        var domain = q.Domain;
        var layout = q.Layout;
        int ext = domain.ExtendedN, e = domain.ExtensionFactor;
        var cs = q.Pk.Vk.ConstraintSystem;
        Expression? combined = null;
        foreach (var gate in cs.Gates)
            foreach (var c in gate.Constraints)
                combined = combined is null ? c.Polynomial : combined * Expression.Constant(y) + c.Polynomial;
        var gates = combined is null ? null : new CompiledExpression(combined, q.Extended, e, q.Challenges);

        var numerator = new Fr[ext];
        int blocks = (ext + CompiledExpression.BlockSize - 1) / CompiledExpression.BlockSize;
        int width = SimdWidth.Current;
        var lanes8 = width == 8 ? new QuotientLanes<FrLanes512>(q, y) : null;
        var lanes4 = width == 4 ? new QuotientLanes<FrLanes256>(q, y) : null;
        Parallel.For(0, blocks,
            () => new BlockScratch(gates, q, width),
            (block, _, s) =>
            {
                int start = block * CompiledExpression.BlockSize, len = Math.Min(CompiledExpression.BlockSize, ext - start);
                var acc = numerator.AsSpan(start, len);
                if (lanes8 is not null || lanes4 is not null)
                {
                    lanes8?.Block(start, acc, gates, s.Gates, s.LookupInputs, s.LookupTables, s.LookupSelectors, s.Planes!);
                    lanes4?.Block(start, acc, gates, s.Gates, s.LookupInputs, s.LookupTables, s.LookupSelectors, s.Planes!);
                    return s;
                }
                if (gates is not null)
                {
                    gates.Evaluate(start, acc, s.Gates!);
                    for (int i = 0; i < len; i++) acc[i] *= q.Pk.LActiveExtended[start + i];
                }
                PermutationArgument.AccumulateBlock(q, start, acc, y);
                for (int l = 0; l < layout.LookupCount; l++)
                    LookupArgument.AccumulateBlock(q, l, start, acc, y, s.Inputs.AsSpan(0, len), s.Table.AsSpan(0, len), s.Selector.AsSpan(0, len), s.LookupInputs[l], s.LookupTables[l], s.LookupSelectors[l]);
                for (int i = 0; i < len; i++) acc[i] *= domain.VanishingInverseOnCoset[(start + i) % e];
                return s;
            }, _ => { });

        domain.ExtendedToCoefficients(q.Pk.Device, numerator);
        int pieceLength = layout.N - 1, pieces = layout.QuotientPieces;
        for (int i = pieces * pieceLength; i < ext && checkWitness; i++)
            if (!numerator[i].IsZero)
                throw new InvalidOperationException("The constraints do not vanish on the usable rows (the quotient is not a polynomial of the expected degree); run MockProver to find the failing gate.");

        var blinds = new Fr[pieces + 1];
        for (int i = 1; i < pieces; i++) blinds[i] = random();
        var result = new Fr[pieces][];
        for (int i = 0; i < pieces; i++)
        {
            var piece = new Fr[layout.N];
            numerator.AsSpan(i * pieceLength, pieceLength).CopyTo(piece);
            piece[0] -= blinds[i];
            piece[pieceLength] += blinds[i + 1];
            result[i] = piece;
        }
        return result;
    }

    private sealed class BlockScratch
    {
        public BlockScratch(CompiledExpression? gates, QuotientContext q, int width)
        {
            Planes = width > 1 ? QuotientLanes<FrLanes512>.CreateScratch() : null;
            Gates = gates?.CreateScratch();
            LookupInputs = q.LookupInputs.Select(c => c.CreateScratch()).ToArray();
            LookupTables = q.LookupTables.Select(c => c.CreateScratch()).ToArray();
            LookupSelectors = q.LookupSelectors.Select(c => c.CreateScratch()).ToArray();
        }
        public Fr[][]? Gates { get; }
        /// <summary>Limb-plane buffers for the vector lanes (null on the scalar path).</summary>
        public ulong[][]? Planes { get; }
        public Fr[][][] LookupInputs { get; }
        public Fr[][][] LookupTables { get; }
        public Fr[][][] LookupSelectors { get; }
        public Fr[] Selector { get; } = new Fr[CompiledExpression.BlockSize];
        public Fr[] Inputs { get; } = new Fr[CompiledExpression.BlockSize];
        public Fr[] Table { get; } = new Fr[CompiledExpression.BlockSize];
    }

    // ---------------- verifier ----------------

    /// <summary>C(x)/Z_H(x), the value the combined quotient commitment must open to at x.</summary>
    public static Fr ExpectedQuotient(VerifierContext v, Fr y)
    {
        Fr acc = Fr.Zero;
        foreach (var gate in v.Vk.ConstraintSystem.Gates)
            foreach (var c in gate.Constraints)
                acc = acc * y + v.Evaluate(c.Polynomial);
        acc *= v.LActive;
        acc = PermutationArgument.Accumulate(v, acc, y);
        for (int l = 0; l < v.Layout.LookupCount; l++) acc = LookupArgument.Accumulate(v, l, acc, y);
        return acc * v.VanishingAtX.Inverse();
    }
}
