using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// The benchmark circuit shared by `zkml-gpu bench prove` and the BenchmarkDotNet suite: 2^k rows, 8 advice columns
/// (all with equality), gate "mul": q_mul·(a0·a1 − a2), lookup "range": a3 ∈ [0, 2^bits) where q_range = 1, and per row the
/// copies a4 = a2, a5 = a3 and a6 = a7 of the previous row. Every usable row is filled.
/// </summary>
public static class SyntheticCircuit
{
    public const int AdviceColumns = 8;

    /// <summary>Table bits: 8, or fewer when the circuit is too small for a 256-row table.</summary>
    public static int TableBits(int logRows) => Math.Clamp(logRows - 2, 1, 8);

    public static CircuitBuilder Build(int logRows, int seed = 1)
    {
        if (logRows is < 4 or > 24) throw new ArgumentOutOfRangeException(nameof(logRows), "The synthetic circuit supports 4 ≤ log rows ≤ 24.");
        var cs = new ConstraintSystem();
        var a = Enumerable.Range(0, AdviceColumns).Select(i => cs.AdviceColumn($"a{i}")).ToArray();
        var qMul = cs.Selector("q_mul");
        var qRange = cs.Selector("q_range");
        var table = cs.TableColumn("range_table");
        foreach (var c in a) cs.EnableEquality(c);
        cs.CreateGate("mul", qMul * (a[0].Cur * a[1].Cur - a[2].Cur));
        cs.Lookup("range", qRange, (a[3].Cur, table.Cur));

        var builder = new CircuitBuilder(cs);
        int bits = TableBits(logRows);
        var values = new Fr[1 << bits];
        for (int i = 0; i < values.Length; i++) values[i] = Fr.FromUInt64((ulong)i);
        builder.LoadTable(table, values);

        int n = 1 << logRows, usable = n - cs.BlindingFactors - 1;
        var rng = new Random(seed);
        var region = builder.Region("synthetic", usable);
        for (int row = 0; row < usable; row++)
        {
            Fr x = Fr.FromUInt64((ulong)rng.Next(1 << 16)), y = Fr.FromUInt64((ulong)rng.Next(1 << 16));
            region.Assign(a[0], row, x);
            region.Assign(a[1], row, y);
            var product = region.Assign(a[2], row, x * y);
            var small = region.Assign(a[3], row, Fr.FromUInt64((ulong)rng.Next(1 << bits)));
            region.Copy(product, a[4], row);
            region.Copy(small, a[5], row);
            var free = region.Assign(a[7], row, Fr.FromUInt64((ulong)rng.Next()));
            if (row + 1 < usable) region.Copy(free, a[6], row + 1);
            region.Enable(qMul, row);
            region.Enable(qRange, row);
        }
        return builder;
    }
}
