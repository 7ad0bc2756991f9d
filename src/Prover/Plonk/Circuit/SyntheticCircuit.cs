using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// The benchmark circuit shared by `zkml-gpu bench prove` and the BenchmarkDotNet suite: 2^k rows, 8 advice columns
/// (all with equality), gate "mul": q_mul·(a0·a1 − a2), lookup "range": a3 ∈ [0, 2^bits) where q_range = 1, and per
/// row the copies a4 = a2, a5 = a3 and a6 = a7 of the previous row. Every usable row is filled. The witness is random
/// with the given seed; the shape depends only on the size.
/// </summary>
public sealed class SyntheticCircuit : ICircuit
{
    public const int AdviceColumns = 8;

    private readonly Column[] _a;
    private readonly Selector _qMul, _qRange;
    private readonly Column _table;
    private readonly int _logRows, _seed;

    public SyntheticCircuit(int logRows, int seed = 1)
    {
        if (logRows is < 4 or > 24) throw new ArgumentOutOfRangeException(nameof(logRows), "The synthetic circuit supports 4 ≤ log rows ≤ 24.");
        _logRows = logRows;
        _seed = seed;
        var cs = new ConstraintSystem();
        _a = Enumerable.Range(0, AdviceColumns).Select(i => cs.AdviceColumn($"a{i}")).ToArray();
        _qMul = cs.Selector("q_mul");
        _qRange = cs.Selector("q_range");
        _table = cs.TableColumn("range_table");
        foreach (var c in _a) cs.EnableEquality(c);
        cs.CreateGate("mul", _qMul * (_a[0].Cur * _a[1].Cur - _a[2].Cur));
        cs.Lookup("range", _qRange, (_a[3].Cur, _table.Cur));
        ConstraintSystem = cs;
    }

    public ConstraintSystem ConstraintSystem { get; }

    /// <summary>Table bits: 8, or fewer when the circuit is too small for a 256-row table.</summary>
    public static int TableBits(int logRows) => Math.Clamp(logRows - 2, 1, 8);

    /// <summary>The whole witness of a 2^logRows-row instance.</summary>
    public static CircuitBuilder Build(int logRows, int seed = 1) => new SyntheticCircuit(logRows, seed).Witness();

    /// <summary>This instance's whole witness.</summary>
    public CircuitBuilder Witness()
    {
        var builder = new CircuitBuilder(ConstraintSystem);
        Synthesize(builder);
        return builder;
    }

    public void Synthesize(CircuitBuilder builder)
    {
        var a = _a;
        int bits = TableBits(_logRows);
        var values = new Fr[1 << bits];
        for (int i = 0; i < values.Length; i++) values[i] = Fr.FromUInt64((ulong)i);
        builder.LoadTable(_table, values);

        int n = 1 << _logRows, usable = n - ConstraintSystem.BlindingFactors - 1;
        var rng = new Random(_seed);
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
            region.Enable(_qMul, row);
            region.Enable(_qRange, row);
        }
    }
}
