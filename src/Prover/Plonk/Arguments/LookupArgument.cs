using ZkmlGpu.Field;
using ZkmlGpu.Prover.Polynomials;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// Lookups by logUp (Haböck 2022) rather than halo2's permuted columns: per lookup the prover commits only the
/// multiplicities m (how often each table row is used) and one running sum Z, needs no sorting, and any number of
/// rows may look up the same entry. With inputs A and table T compressed by θ (A = Σ θ^i·a_i):
///   Z(ω^0) = 0, Z(ω^last) = 0, and on usable rows Z(ωX) − Z(X) = 1/(A + β) − m/(T + β),
/// i.e. Σ 1/(A_i + β) = Σ m_i/(T_i + β), which for random β forces every A_i to be some T_j. The row constraint,
/// cleared of denominators, is (Z(ωX) − Z(X))·(A + β)·(T + β) − (T + β) + m·(A + β) = 0 (degree 2 + deg A + deg T).
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

    /// <summary>Multiplicities over the rows (blinding rows random). Inputs missing from the table throw unless checks are off.</summary>
    public static Fr[] ComputeMultiplicities(Lookup lookup, ProofLayout layout, Fr[] inputs, Fr[] table, Func<Fr> random, bool checkWitness)
    {
        int n = layout.N, u = layout.UsableRows;
        var firstRow = new Dictionary<Fr, int>(u);
        for (int i = 0; i < u; i++) firstRow.TryAdd(table[i], i);
        var counts = new long[u];
        for (int i = 0; i < u; i++)
        {
            if (firstRow.TryGetValue(inputs[i], out int row)) counts[row]++;
            else if (checkWitness) throw new InvalidOperationException($"Lookup '{lookup.Name}': the input at row {i} is not in the table (run MockProver for the values).");
        }
        var m = new Fr[n];
        for (int i = 0; i < u; i++) m[i] = Fr.FromUInt64((ulong)counts[i]);
        for (int i = u; i < n; i++) m[i] = random();
        return m;
    }

    /// <summary>The running sum Z over the rows (rows after the last random).</summary>
    public static Fr[] ComputeRunningSum(ProofLayout layout, Fr[] inputs, Fr[] table, Fr[] m, Fr beta, Func<Fr> random)
    {
        int n = layout.N, u = layout.UsableRows;
        var inv = new Fr[2 * u];
        for (int i = 0; i < u; i++) { inv[i] = inputs[i] + beta; inv[u + i] = table[i] + beta; }
        FieldBatch.InvertNonZero<Fr>(inv);
        var z = new Fr[n];
        for (int i = 0; i < u; i++) z[i + 1] = z[i] + inv[i] - m[i] * inv[u + i];
        for (int i = u + 1; i < n; i++) z[i] = random();
        return z;
    }

    /// <summary>Folds this lookup's constraints on a block of the extended domain into acc.</summary>
    public static void AccumulateBlock(QuotientContext q, int index, int start, Span<Fr> acc, Fr y, Span<Fr> inputs, Span<Fr> table, Fr[][] scratchInput, Fr[][] scratchTable)
    {
        int len = acc.Length, ext = q.Domain.ExtendedN, e = q.Domain.ExtensionFactor;
        var z = q.LookupSumsExtended[index];
        var m = q.LookupMultiplicitiesExtended[index];
        q.LookupInputs[index].Evaluate(start, inputs, scratchInput);
        q.LookupTables[index].Evaluate(start, table, scratchTable);
        for (int i = 0; i < len; i++) acc[i] = acc[i] * y + q.Pk.L0Extended[start + i] * z[start + i];
        for (int i = 0; i < len; i++) acc[i] = acc[i] * y + q.Pk.LLastExtended[start + i] * z[start + i];
        Fr beta = q.Beta;
        for (int i = 0; i < len; i++)
        {
            int p = start + i;
            Fr a = inputs[i] + beta, t = table[i] + beta;
            int next = p + e >= ext ? p + e - ext : p + e;
            Fr c = (z[next] - z[p]) * a * t - t + m[p] * a;
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
        acc = acc * y + v.L0 * ev.SumAtX;
        acc = acc * y + v.LLast * ev.SumAtX;
        Fr c = (ev.SumAtNext - ev.SumAtX) * a * t - t + ev.Multiplicity * a;
        return acc * y + v.LActive * c;
    }
}
