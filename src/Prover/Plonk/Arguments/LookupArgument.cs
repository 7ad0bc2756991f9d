using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;
using ZkmlGpu.Prover.Polynomials;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// Lookups by logUp (Haböck 2022) rather than halo2's permuted columns: per lookup the prover commits only the
/// multiplicities m (how often each table row is used) and one running sum Z, needs no sorting, and any number of
/// rows may look up the same entry. With inputs A and table T compressed by θ (A = Σ θ^i·a_i) and the selector s:
///   Z(ω^0) = 0, Z(ω^last) = 0, and on usable rows Z(ωX) − Z(X) = s/(A + β) − m/(T + β),
/// i.e. Σ s_i/(A_i + β) = Σ m_i/(T_i + β), which for random β forces every active A_i to be some T_j; idle rows
/// (s = 0) look up nothing. The row constraint, cleared of denominators, is
/// (Z(ωX) − Z(X))·(A + β)·(T + β) − s·(T + β) + m·(A + β) = 0.
/// </summary>
internal static class LookupArgument
{
    /// <summary>The θ-compressed input and table expressions of a lookup.</summary>
    public static (Expression Input, Expression Table) Compress(Lookup lookup, Fr theta)
    {
        Expression input = lookup.Inputs[0], table = lookup.Tables[0];
        for (int i = 1; i < lookup.Inputs.Count; i++)
        {
            input = input * Expression.Constant(theta) + lookup.Inputs[i];
            table = table * Expression.Constant(theta) + lookup.Tables[i];
        }
        return (input, table);
    }

    public static Fr CompressValues(IReadOnlyList<Fr> values, Fr theta)
    {
        Fr acc = values[0];
        for (int i = 1; i < values.Count; i++) acc = acc * theta + values[i];
        return acc;
    }

    /// <summary>This argument's evaluations, in proof order: per lookup m(x), Z(x), Z(ωx).</summary>
    public static IEnumerable<Opening> Openings(ProofLayout layout)
    {
        for (int l = 0; l < layout.LookupCount; l++)
        {
            yield return new Opening(PolynomialKind.LookupMultiplicity, l, 0);
            yield return new Opening(PolynomialKind.LookupSum, l, 0);
            yield return new Opening(PolynomialKind.LookupSum, l, 1);
        }
    }

    // ---------------- prover ----------------

    /// <summary>Multiplicities over the rows (blinding rows random). Active inputs missing from the table throw unless checks are off.</summary>
    public static Fr[] ComputeMultiplicities(Lookup lookup, ProofLayout layout, LookupRows rows, Func<Fr> random, bool checkWitness)
    {
        int n = layout.N, u = layout.UsableRows;
        var firstRow = new Dictionary<Fr, int>(u);
        for (int i = 0; i < u; i++) firstRow.TryAdd(rows.Table[i], i);
        var m = new Fr[n];
        for (int i = 0; i < u; i++)
        {
            if (rows.Selector[i].IsZero) continue;
            if (firstRow.TryGetValue(rows.Inputs[i], out int row)) m[row] += rows.Selector[i];
            else if (checkWitness) throw new InvalidOperationException($"Lookup '{lookup.Name}': the input at row {i} is not in the table (run MockProver for the values).");
        }
        for (int i = u; i < n; i++) m[i] = random();
        return m;
    }

    /// <summary>The running sum Z over the rows (rows after the last random).</summary>
    public static Fr[] ComputeRunningSum(ProofLayout layout, LookupRows rows, Fr[] m, Fr beta, Func<Fr> random)
    {
        int n = layout.N, u = layout.UsableRows;
        var z = new Fr[n];
        RunningSum(u, rows, m, beta, z);
        for (int i = u + 1; i < n; i++) z[i] = random();
        return z;
    }

    /// <summary>z[0 .. u]: z[0] = 0, z[i + 1] = z[i] + s_i/(A_i + β) − m_i/(T_i + β), on the lanes of <see cref="SimdWidth.Current"/>.</summary>
    internal static void RunningSum(int u, LookupRows rows, Fr[] m, Fr beta, Fr[] z)
    {
        switch (SimdWidth.Current)
        {
            case 8: GrandProductLanes<FrLanes512>.RunningSum(u, rows, m, beta, z); break;
            case 4: GrandProductLanes<FrLanes256>.RunningSum(u, rows, m, beta, z); break;
            default: RunningSumScalar(u, rows, m, beta, z); break;
        }
    }

    private static void RunningSumScalar(int u, LookupRows rows, Fr[] m, Fr beta, Fr[] z)
    {
        var inv = new Fr[2 * u];
        for (int i = 0; i < u; i++) { inv[i] = rows.Inputs[i] + beta; inv[u + i] = rows.Table[i] + beta; }
        FieldBatch.InvertNonZero<Fr>(inv);
        z[0] = Fr.Zero;
        for (int i = 0; i < u; i++) z[i + 1] = z[i] + rows.Selector[i] * inv[i] - m[i] * inv[u + i];
    }

    /// <summary>Folds this lookup's constraints on a block of the extended domain into acc.</summary>
    public static void AccumulateBlock(QuotientContext q, int index, int start, Span<Fr> acc, Fr y, Span<Fr> inputs, Span<Fr> table, Span<Fr> selector, Fr[][] scratchInput, Fr[][] scratchTable, Fr[][] scratchSelector)
    {
        int len = acc.Length, ext = q.Domain.ExtendedN, e = q.Domain.ExtensionFactor;
        var z = q.LookupSumsExtended[index];
        var m = q.LookupMultiplicitiesExtended[index];
        q.LookupInputs[index].Evaluate(start, inputs, scratchInput);
        q.LookupTables[index].Evaluate(start, table, scratchTable);
        q.LookupSelectors[index].Evaluate(start, selector, scratchSelector);
        for (int i = 0; i < len; i++) acc[i] = acc[i] * y + q.Pk.L0Extended[start + i] * z[start + i];
        for (int i = 0; i < len; i++) acc[i] = acc[i] * y + q.Pk.LLastExtended[start + i] * z[start + i];
        Fr beta = q.Beta;
        for (int i = 0; i < len; i++)
        {
            int p = start + i;
            Fr a = inputs[i] + beta, t = table[i] + beta;
            int next = p + e >= ext ? p + e - ext : p + e;
            Fr c = (z[next] - z[p]) * a * t - selector[i] * t + m[p] * a;
            acc[i] = acc[i] * y + q.Pk.LActiveExtended[p] * c;
        }
    }

    // ---------------- verifier ----------------

    public static Fr Accumulate(VerifierContext v, int index, Fr acc, Fr y)
    {
        var lookup = v.Layout.LookupCount > 0 ? v.Vk.ConstraintSystem.Lookups[index] : throw new InvalidOperationException();
        var ev = v.Evaluations.Lookups[index];
        Fr a = CompressValues(lookup.Inputs.Select(v.Evaluate).ToArray(), v.Theta) + v.Beta;
        Fr t = CompressValues(lookup.Tables.Select(v.Evaluate).ToArray(), v.Theta) + v.Beta;
        Fr s = v.Evaluate(lookup.Selector);
        acc = acc * y + v.L0 * ev.SumAtX;
        acc = acc * y + v.LLast * ev.SumAtX;
        Fr c = (ev.SumAtNext - ev.SumAtX) * a * t - s * t + ev.Multiplicity * a;
        return acc * y + v.LActive * c;
    }
}
