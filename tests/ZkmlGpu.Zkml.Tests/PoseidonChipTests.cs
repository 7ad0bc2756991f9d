using System.Numerics;
using System.Text.Json;
using Xunit.Abstractions;
using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Circuits.Poseidon;
using MerklePoseidon = ZkmlGpu.Merkle.Poseidon;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>The in-circuit t = 3 Poseidon computes src/Merkle's Poseidon exactly, and every round's cells are pinned.</summary>
public class PoseidonChipTests(ITestOutputHelper output)
{
    /// <summary>Hashes the pairs in blocks of the chip's lanes, all with one capacity; the outputs are public.</summary>
    private static GadgetCircuit Hashes(int lanes, (Fr Left, Fr Right)[] pairs, Fr capacity, Action<CircuitBuilder>? tamper = null) => new(lanes, (c, b) =>
    {
        var cells = c.Inputs(b, pairs.SelectMany(p => new[] { p.Left, p.Right }).ToArray());
        var region = b.Region("hash", c.Poseidon.Rows(pairs.Length));
        var outputs = new List<AssignedCell>();
        for (int first = 0, offset = 0; first < pairs.Length; first += lanes, offset += c.Poseidon.BlockRows)
        {
            var block = Enumerable.Range(first, Math.Min(lanes, pairs.Length - first))
                .Select(i => (PoseidonInput.Of(cells[2 * i]), PoseidonInput.Of(cells[2 * i + 1]))).ToArray();
            outputs.AddRange(c.Poseidon.Permute(region, offset, capacity, block));
        }
        return outputs;
    }) { Tamper = tamper };

    private static (Fr, Fr)[] RandomPairs(int count, int seed)
    {
        var rng = new Random(seed);
        var pairs = Enumerable.Range(0, count).Select(_ => (Fr.Random(rng), Fr.Random(rng))).ToList();
        pairs.Add((Fr.Zero, Fr.Zero));
        pairs.Add((-Fr.One, -Fr.One));
        pairs.Add((Fr.FromUInt64(1), Fr.FromUInt64(2)));
        return pairs.ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomInputsMatchMerklePoseidon(int lanes)
    {
        var pairs = RandomPairs(37, lanes);
        var circuit = Hashes(lanes, pairs, Fr.Zero);
        MockProver.Check(circuit).AssertSatisfied();
        Assert.Equal(pairs.Select(p => MerklePoseidon.Hash(p.Item1, p.Item2)), circuit.PublicInputs()[0]);
    }

    [Fact]
    public void AnyCapacityMatchesMerkleCompress()
    {
        var rng = new Random(5);
        foreach (var capacity in new[] { Fr.One, Fr.Random(rng), -Fr.One })
        {
            var pairs = RandomPairs(4, 9);
            var circuit = Hashes(2, pairs, capacity);
            MockProver.Check(circuit).AssertSatisfied();
            Assert.Equal(pairs.Select(p => MerklePoseidon.Compress(capacity, p.Item1, p.Item2)), circuit.PublicInputs()[0]);
        }
    }

    [Fact]
    public void CircomlibVectorsOfTwoInputsMatch()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "poseidon-circomlib.json")));
        var vectors = doc.RootElement.EnumerateArray()
            .Select(e => (Inputs: e.GetProperty("inputs").EnumerateArray().Select(x => Fr.FromBigInteger(BigInteger.Parse(x.GetString()!))).ToArray(),
                Hash: Fr.FromBigInteger(BigInteger.Parse(e.GetProperty("hash").GetString()!))))
            .Where(v => v.Inputs.Length == 2).ToArray();
        Assert.NotEmpty(vectors);
        var circuit = Hashes(1, vectors.Select(v => (v.Inputs[0], v.Inputs[1])).ToArray(), Fr.Zero);
        MockProver.Check(circuit).AssertSatisfied();
        Assert.Equal(vectors.Select(v => v.Hash), circuit.PublicInputs()[0]);
        // circomlib's Poseidon(1, 2).
        Assert.Equal(BigInteger.Parse("7853200120776062878684798364095072458815029376092732009249414926327459813530"),
            Hashes(1, [(Fr.FromUInt64(1), Fr.FromUInt64(2))], Fr.Zero).PublicInputs()[0][0].ToBigInteger());
    }

    public static TheoryData<int, string, int> TamperedCells() => new()
    {
        // (row of the block, which cell: x² / x⁵ of a slot, or a state element), expected gate
        { 0, "x⁵0", 0 }, { 0, "x²3", 0 }, { 1, "x⁵5", 1 }, { 2, "x²0", 2 }, { 6, "x⁵4", 6 }, { 11, "x⁵2", 11 },
        { 11, "x²1", 11 }, { 13, "x⁵5", 13 }, { 12, "c", 11 }, { 5, "a", 4 }, { 13, "b", 12 }, { 14, "a", 13 },
    };

    [Theory]
    [MemberData(nameof(TamperedCells))]
    public void ChangingOneRoundsCellIsRejectedNamingTheGate(int row, string cell, int gateRow)
    {
        var pairs = RandomPairs(1, 3);
        var probe = Hashes(2, pairs, Fr.Zero);
        var lane = probe.Poseidon.Lanes[1];
        Column column = cell switch
        {
            "a" => lane.State[0], "b" => lane.State[1], "c" => lane.State[2],
            _ => (cell.StartsWith("x²") ? lane.Squares : lane.Sboxes)[cell[^1] - '0'],
        };
        var mock = MockProver.Check(Hashes(2, pairs, Fr.Zero, GadgetCircuit.Bump("hash", column, row)));
        Assert.False(mock.IsSatisfied);
        string gate = PoseidonChip.GateName(PoseidonSchedule.Default.Rows[gateRow].Kind);
        Assert.Contains(mock.Failures, f => f.Kind == FailureKind.Gate && f.Name == gate && f.Region is { } r && r.StartsWith("hash@") && r.EndsWith($"+{gateRow}"));
        output.WriteLine($"{cell} at row {row}: {mock.Failures.First().Message}");
    }

    [Fact]
    public void ABlockIsFourteenRowsOfFifteenColumnsConfiguredOnDemandAtDegreeFive()
    {
        var cs = new ConstraintSystem();
        var chips = new ChipSet(cs, new LayerColumns(cs));
        int advice = cs.AdviceCount, fixedColumns = cs.FixedCount;
        var chip = chips.Get<PoseidonChip>();
        Assert.Same(chip, chips.Get<LeanImtChip>().Poseidon);
        Assert.Equal(14, chip.BlockRows);
        Assert.Equal(15, chip.Rows(1));
        Assert.Equal(14 * 3 + 1, chip.Rows(3));
        Assert.Equal(15, chip.AdviceColumns);
        Assert.Equal(advice + chip.AdviceColumns, cs.AdviceCount);
        Assert.Equal(fixedColumns + chip.FixedColumns, cs.FixedCount);
        Assert.Equal(5, cs.Degree); // degree-4 gates: the extended domain stays 4n
        var two = new PoseidonChip(new ConstraintSystem(), 2);
        output.WriteLine($"lanes 1: {chip.BlockRows} rows × {chip.AdviceColumns} advice columns per permutation ({chip.BlockRows * chip.AdviceColumns} cells) + 1 output row per region, {chip.FixedColumns} fixed columns; "
            + $"lanes 2: {two.BlockRows} rows × {two.AdviceColumns} columns per 2 permutations");
    }

    [Fact]
    public void GatesShareEachSboxInputBetweenItsTwoConstraints()
    {
        var cs = new ConstraintSystem();
        _ = new PoseidonChip(cs, 1);
        var roots = cs.Gates.SelectMany(g => g.Constraints).Select(c => c.Polynomial).ToArray();
        int tree = 0;
        var distinct = new HashSet<object>();
        void Walk(Expression e)
        {
            tree++;
            // Distinct as the prover compiles them: loads by (column, rotation), other nodes by reference.
            bool first = distinct.Add(e is QueryExpression q ? (q.Column, q.Rotation) : e);
            switch (e)
            {
                case SumExpression s: Walk(s.Left); Walk(s.Right); break;
                case ProductExpression p: Walk(p.Left); Walk(p.Right); break;
                case NegatedExpression n: Walk(n.Inner); break;
                case ScaledExpression s: Walk(s.Inner); break;
            }
        }
        foreach (var root in roots) Walk(root);
        // The prover compiles each distinct node once; every S-box input x is used three times (x·x and y·y·x).
        Assert.True(distinct.Count * 2 < tree, $"{distinct.Count} distinct of {tree}");
        output.WriteLine($"Poseidon gates of one lane: {roots.Length} constraints, {tree} expression nodes as trees, {distinct.Count} distinct");
    }
}
